// Reads an Azure Monitor alert in the common alert schema (untrusted JSON) into backup failure events, or says why
// it is ignored. Only Azure Backup's built-in "Backup Failure" alerts become events; nothing here trusts a shape.
//
// Sources (the README's "Azure Monitor alerts" lists them with what is verified and what is assumed):
// - Essentials fields: https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema
// - Built-in backup alerts (Backup Failure, category Jobs): https://learn.microsoft.com/azure/backup/backup-azure-monitoring-alerts
// - alertContext of an Azure Backup alert: Microsoft does not document it field by field. The names read here
//   (protectedItemId, sourceType, formattedSourceType, linkedResourceName, extendedInfo.jobId) are those of a real
//   Recovery Services vault payload published in a public repository (docs/azure-facts.md §1.8). What a Backup
//   vault alert carries is not documented anywhere we found: the fields tried for it are marked ASSUMPTION below.
import { armIdName, armIdPrefix, armIdSegment, looksLikeArmId, parseArmId } from '../../core/domain/arm-id';
import type { FailureEvent } from '../../core/domain/notify';
import type { VaultRef } from '../../core/domain/refs';
import type { VaultKind, WorkloadOrOther } from '../../core/domain/workload';

export const COMMON_ALERT_SCHEMA_ID = 'azureMonitorCommonAlertSchema';

/** What the webhook does with a body: refuse it (400), acknowledge and drop it (202), or hand its events to core. */
export type CommonAlertParse =
  | { kind: 'invalid'; reason: string }
  | { kind: 'ignored'; reason: string; alertId?: string; firedAt?: Date }
  | { kind: 'failure'; alertId: string; firedAt: Date; events: FailureEvent[] };

// Azure's own limits are far below these; they only stop absurd values from reaching the store and the cards.
const MAX_ID_CHARS = 2_048;
const MAX_NAME_CHARS = 512;
const MAX_MESSAGE_CHARS = 2_000;
const MAX_CODE_CHARS = 200;
const JOB_NAME = /^[A-Za-z0-9-]{1,64}$/;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A non-blank string of at most `max` characters, trimmed; anything else is absent. */
function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > max ? undefined : trimmed;
}

/** Like text(), but a long value is cut rather than dropped (messages, descriptions). */
function message(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > MAX_MESSAGE_CHARS ? `${trimmed.slice(0, MAX_MESSAGE_CHARS - 1)}…` : trimmed;
}

function armId(value: unknown): string | undefined {
  const id = text(value, MAX_ID_CHARS);
  return id !== undefined && looksLikeArmId(id) ? id : undefined;
}

function same(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** ISO-8601 with a time zone (the schema says UTC); a date without one would be read in the bot's local time. */
function instant(value: unknown): Date | undefined {
  const raw = text(value, 64);
  if (raw === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(raw)) {
    return undefined;
  }
  const at = new Date(raw);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** Parses a JSON value that claims to be an Azure Monitor alert. Never throws. */
export function parseCommonAlert(body: unknown): CommonAlertParse {
  if (!isObject(body)) return { kind: 'invalid', reason: 'the body is not a JSON object' };
  if (body.schemaId !== COMMON_ALERT_SCHEMA_ID) {
    return {
      kind: 'ignored',
      reason: `not the common alert schema (enable "common alert schema" on the action group's webhook)`,
    };
  }
  const data = body.data;
  const essentials = isObject(data) ? data.essentials : undefined;
  if (!isObject(data) || !isObject(essentials)) return { kind: 'invalid', reason: 'data.essentials is missing' };
  const alertId = text(essentials.alertId, MAX_ID_CHARS);
  if (alertId === undefined) return { kind: 'invalid', reason: 'data.essentials.alertId is missing' };
  const firedAt = instant(essentials.firedDateTime);
  if (firedAt === undefined) return { kind: 'invalid', reason: 'data.essentials.firedDateTime is not a UTC time' };
  const ignored = (reason: string): CommonAlertParse => ({ kind: 'ignored', reason, alertId, firedAt });

  if (!same(text(essentials.monitoringService, MAX_NAME_CHARS), 'Azure Backup')) {
    return ignored('not an Azure Backup alert');
  }
  // "Resolved" is documented as set when the condition clears; a resolution is not a failure to announce.
  if (!same(text(essentials.monitorCondition, 32), 'Fired')) return ignored('the alert is not in the Fired condition');
  // The built-in job alerts are Backup Failure, Restore Failure, Unsupported backup type and Workload extension
  // unhealthy; only the first is a failed backup. Custom rules (metric or log alerts) carry other rule names.
  if (!same(text(essentials.alertRule, MAX_NAME_CHARS), 'Backup Failure')) {
    return ignored('not a backup job failure (only built-in "Backup Failure" alerts are announced)');
  }
  const context = isObject(data.alertContext) ? data.alertContext : {};
  const event = toFailureEvent(alertId, firedAt, essentials, context);
  if (event === undefined) return ignored('the alert names no Recovery Services or Backup vault');
  return { kind: 'failure', alertId, firedAt, events: [event] };
}

function toFailureEvent(alertId: string, firedAt: Date, essentials: Obj, context: Obj): FailureEvent | undefined {
  const itemId = itemIdOf(context);
  const vault = vaultOf(itemId, essentials);
  if (vault === undefined) return undefined;
  const itemName = itemNameOf(itemId, context) ?? vault.name;
  const workload = workloadOf(context, itemId, vault.kind);
  const jobKey = jobKeyOf(context, vault.id);
  const errorCode = errorCodeOf(context);
  // The published payload has no error code or message of its own; essentials.description carries the error's
  // text ("First full backup is missing for this datasource."). An alertContext errorMessage, if ever sent, wins.
  const errorMessage = message(context.errorMessage) ?? message(essentials.description);
  // essentials.region appears in the published Azure Backup payload but not in the schema's field table.
  const location = text(essentials.region, 64);
  return {
    eventKey: jobKey ?? `alert:${alertId}`,
    source: 'alert',
    itemKey: itemId !== undefined ? itemId.toLowerCase() : `${vault.id.toLowerCase()}|${itemName.toLowerCase()}`,
    ...(itemId === undefined ? {} : { itemId }),
    itemName,
    workload,
    vault,
    subscriptionId: vault.subscriptionId,
    resourceGroup: vault.resourceGroup,
    ...(location === undefined ? {} : { location }),
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
    failedAt: firedAt.toISOString(),
  };
}

/**
 * The backup item's ARM id. Recovery Services: alertContext.protectedItemId (seen in a real payload).
 * ASSUMPTION for Backup vaults: a `backupInstanceId`, or a sourceId/affectedItems that is a backup instance id;
 * no Backup vault payload is published. Only ids that are really an item of a vault are taken.
 */
function itemIdOf(context: Obj): string | undefined {
  for (const field of ['protectedItemId', 'backupInstanceId', 'sourceId', 'affectedItems']) {
    const id = armId(context[field]);
    if (id === undefined) continue;
    const { provider, pairs } = parseArmId(id);
    const types = pairs.map(([type]) => type.toLowerCase());
    if (same(provider, 'Microsoft.RecoveryServices') && types[0] === 'vaults' && types.includes('protecteditems')) {
      return id;
    }
    if (same(provider, 'Microsoft.DataProtection') && types[0] === 'backupvaults' && types[1] === 'backupinstances') {
      return id;
    }
  }
  return undefined;
}

const VAULT_TYPES: ReadonlyArray<{ provider: string; type: string; kind: VaultKind }> = [
  { provider: 'Microsoft.RecoveryServices', type: 'vaults', kind: 'rsv' },
  { provider: 'Microsoft.DataProtection', type: 'backupVaults', kind: 'bv' },
];

/**
 * The vault: the item id's prefix when there is one (it keeps Azure's casing; alertTargetIDs are lower-cased in
 * the published payload), else the first alert target that is a vault (documented: alertTargetIDs, ARM ids).
 */
function vaultOf(itemId: string | undefined, essentials: Obj): VaultRef | undefined {
  const targets = Array.isArray(essentials.alertTargetIDs) ? essentials.alertTargetIDs.slice(0, 20) : [];
  for (const candidate of [itemId, ...targets]) {
    const id = armId(candidate);
    if (id === undefined) continue;
    for (const { provider, type, kind } of VAULT_TYPES) {
      const parts = parseArmId(id);
      if (!same(parts.provider, provider) || !same(parts.pairs[0]?.[0], type)) continue;
      const vaultId = armIdPrefix(id, type);
      const name = vaultId === undefined ? undefined : armIdSegment(vaultId, type);
      if (vaultId === undefined || name === undefined) continue;
      if (parts.subscriptionId === undefined || parts.resourceGroup === undefined) continue;
      return { id: vaultId, name, kind, subscriptionId: parts.subscriptionId, resourceGroup: parts.resourceGroup };
    }
  }
  return undefined;
}

/**
 * What people call the item. RSV protected item names end with the datasource's name after the last ';'
 * (`VM;iaasvmcontainerv2;rg;vm1`, `SQLDataBase;MSSQLSERVER;db1`); linkedResourceName is the VM even for a database
 * (published payload), so it only comes after. Backup vault instance names are generated, so the datasource's
 * linkedResourceName (ASSUMPTION: not seen in a Backup vault payload) comes first there.
 */
function itemNameOf(itemId: string | undefined, context: Obj): string | undefined {
  const linked = text(context.linkedResourceName, MAX_NAME_CHARS);
  if (itemId === undefined) return linked;
  const own = armIdName(itemId);
  if (armIdSegment(itemId, 'backupInstances') !== undefined) return linked ?? own;
  const last = own.split(';').pop()?.trim();
  return last !== undefined && last !== '' ? last : (linked ?? own);
}

/**
 * The workload, from alertContext.sourceType / formattedSourceType (published: SQLDataBase / AzureVmSQL), then from
 * the item id. The other values below are the same type strings the job queries map (azure/jobs/jobs-filtered.kql)
 * and Azure's workload names; which ones a real alert sends for each workload is not documented (ASSUMPTION).
 */
function workloadOf(context: Obj, itemId: string | undefined, kind: VaultKind): WorkloadOrOther {
  const words = [context.sourceType, context.formattedSourceType, context.datasourceType]
    .map((value) => text(value, MAX_NAME_CHARS)?.toLowerCase())
    .filter((value): value is string => value !== undefined);
  const itemName = itemId === undefined ? undefined : armIdName(itemId).toLowerCase();
  if (itemName !== undefined && itemId !== undefined && armIdSegment(itemId, 'protectedItems') !== undefined) {
    words.push(itemName.split(';')[0] ?? '');
  }
  for (const word of words) {
    const workload = workloadOfWord(word, kind);
    if (workload !== undefined) return workload;
  }
  return 'other';
}

function workloadOfWord(word: string, kind: VaultKind): WorkloadOrOther | undefined {
  if (kind === 'rsv') {
    if (['vm', 'azurevm', 'iaasvm', 'azureiaasvm', 'iaasvmcontainer'].includes(word)) return 'vm';
    if (['sqldatabase', 'azurevmsql', 'sqldb'].includes(word)) return 'sql';
    if (word.startsWith('saphana') || word === 'azurevmsaphana') return 'hana';
    if (['azurefileshare', 'azurefiles', 'azurestorage'].includes(word)) return 'files';
    return undefined;
  }
  if (word === 'microsoft.compute/disks' || word === 'azuredisk') return 'disks';
  if (word.startsWith('microsoft.storage/storageaccounts') || word === 'azureblob') return 'blobs';
  if (
    word.startsWith('microsoft.dbforpostgresql/') ||
    word === 'ossdb' ||
    word.startsWith('azuredatabaseforpostgres')
  ) {
    return 'postgres';
  }
  if (word === 'microsoft.containerservice/managedclusters' || word === 'azurekubernetesservice') return 'aks';
  return undefined;
}

/**
 * The job's id as polled jobs spell it (`<vault id>/backupJobs/<name>`, lower-case), so that an alert and the
 * polled job it reports share one eventKey. The published payload gives extendedInfo.jobId as the bare job name
 * (a GUID); an ARM id there is taken as it is. Anything else is ignored (the alert is then keyed by its own id).
 */
function jobKeyOf(context: Obj, vaultId: string): string | undefined {
  const extended = isObject(context.extendedInfo) ? context.extendedInfo : {};
  const raw = text(extended.jobId, MAX_ID_CHARS) ?? text(context.jobId, MAX_ID_CHARS);
  if (raw === undefined) return undefined;
  if (looksLikeArmId(raw)) {
    const name = armIdSegment(raw, 'backupJobs');
    return name !== undefined && JOB_NAME.test(name) ? raw.toLowerCase() : undefined;
  }
  return JOB_NAME.test(raw) ? `${vaultId}/backupJobs/${raw}`.toLowerCase() : undefined;
}

/** Not in the published payload (its code is only inside originAlertId); taken when a context field carries one. */
function errorCodeOf(context: Obj): string | undefined {
  const extended = isObject(context.extendedInfo) ? context.extendedInfo : {};
  for (const value of [context.errorCode, extended.errorCode]) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    const code = text(value, MAX_CODE_CHARS);
    if (code !== undefined) return code;
  }
  return undefined;
}
