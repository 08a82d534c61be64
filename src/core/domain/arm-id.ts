// Reads ARM resource ids by pairing each segment with the next (`resourceGroups/rg`), case-insensitively.
// Names such as `VM;iaasvmcontainerv2;rg;vm` contain `;` and keep Azure's casing: they are taken from the id, never rebuilt.

export interface ArmIdParts {
  subscriptionId?: string;
  resourceGroup?: string;
  provider?: string;
  /** Type/name pairs after the provider, in order: [['vaults', 'v1'], ['backupFabrics', 'Azure'], …]. */
  pairs: [string, string][];
}

export function parseArmId(id: string): ArmIdParts {
  const segs = id.split('/').filter((s) => s !== '');
  const parts: ArmIdParts = { pairs: [] };
  let i = 0;
  while (i + 1 < segs.length) {
    const key = (segs[i] as string).toLowerCase();
    const value = segs[i + 1] as string;
    if (key === 'subscriptions' && parts.subscriptionId === undefined && parts.provider === undefined) {
      parts.subscriptionId = value;
    } else if (key === 'resourcegroups' && parts.provider === undefined) {
      parts.resourceGroup = value;
    } else if (key === 'providers') {
      parts.provider = value;
    } else {
      parts.pairs.push([segs[i] as string, value]);
    }
    i += 2;
  }
  return parts;
}

/** The name paired with `type` (case-insensitive), e.g. armIdSegment(id, 'protectedItems'). */
export function armIdSegment(id: string, type: string): string | undefined {
  const t = type.toLowerCase();
  return parseArmId(id).pairs.find(([k]) => k.toLowerCase() === t)?.[1];
}

/** The id up to and including the pair named `type` (e.g. the vault id of a job id), casing kept. */
export function armIdPrefix(id: string, type: string): string | undefined {
  const segs = id.split('/');
  const t = type.toLowerCase();
  for (let i = 0; i + 1 < segs.length; i++) {
    if ((segs[i] as string).toLowerCase() === t && (segs[i + 1] ?? '') !== '') return segs.slice(0, i + 2).join('/');
  }
  return undefined;
}

/** Last name in the id (the resource's own name). */
export function armIdName(id: string): string {
  const segs = id.split('/').filter((s) => s !== '');
  return segs[segs.length - 1] ?? id;
}

export function looksLikeArmId(text: string): boolean {
  return /^\/subscriptions\/[^/]+\//i.test(text.trim());
}

const GUID_TAIL = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What people call a backup item, read from its ARM id alone (before any lookup): an RSV protected item's name is
 * `<kind>;…;<name>` (`VM;iaasvmcontainerv2;rg;vm-web-01` → `vm-web-01`), a SQL or HANA database names the VM of its
 * container (`SQLDataBase;MSSQLSERVER;master` in `VMAppContainer;Compute;rg;sqlvm-02` → `master on sqlvm-02`); a
 * Backup vault instance is named after its datasource plus a GUID (`disk-data-01-<guid>` → `disk-data-01`).
 * Anything else: the id's last name.
 */
export function itemNameFromId(id: string): string {
  const item = armIdSegment(id, 'protectedItems');
  if (item !== undefined) {
    const parts = item.split(';');
    const name = parts[parts.length - 1] || item;
    const kind = (parts[0] ?? '').toLowerCase();
    if (kind === 'sqldatabase' || kind.startsWith('saphana')) {
      const container = armIdSegment(id, 'protectionContainers')?.split(';');
      const host = container && container.length >= 4 ? container[container.length - 1] : undefined;
      return host ? `${name} on ${host}` : name;
    }
    return name;
  }
  const instance = armIdSegment(id, 'backupInstances');
  if (instance !== undefined) return instance.replace(GUID_TAIL, '') || instance;
  return armIdName(id);
}
