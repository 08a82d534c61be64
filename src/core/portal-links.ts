// "Open in Azure portal" deep links (vaults, items, jobs, datasources) and Resource Graph Explorer with a query.
// Pure string building. `#@<tenant>` makes the portal switch to that directory first (Lighthouse, guest users).
//
// Formats, as checked:
// - `https://portal.azure.com/#@{tenant}/resource{armId}[/{menu}]`: widely used in Microsoft samples and scripts.
// - Resource Graph Explorer: `https://portal.azure.com/#blade/HubsExtension/ArgQueryBlade/query/{encodeURIComponent(kql)}`
//   as in Microsoft's ARG sample pages (they add `?feature.customportal=false`; newer pages use `#view/` too).
// (unverified) Whether protected items, backup instances and jobs open a useful blade through the generic
// `resource{id}` route: they are ARM resources but have no documented portal blade. Views should also offer the vault.

export interface PortalOptions {
  /** Directory (tenant) id or domain; omitted: the portal uses the user's default directory. */
  tenantId?: string;
  /** Portal origin; default https://portal.azure.com (sovereign clouds: portal.azure.us, portal.azure.cn). */
  portalBase?: string;
}

export const DEFAULT_PORTAL_BASE = 'https://portal.azure.com';

/** Slack rejects a button url over 3,000 characters (render/limits.ts); stay under it with a margin. */
export const MAX_PORTAL_URL_CHARS = 2_900;

function base(opts: PortalOptions): string {
  return (opts.portalBase ?? DEFAULT_PORTAL_BASE).replace(/\/+$/, '');
}

/** `#@tenant/`, or plain `#` without a tenant (the portal then stays in the user's current directory). */
function hashPrefix(opts: PortalOptions): string {
  const tenant = (opts.tenantId ?? '').trim();
  return tenant === '' ? '#' : `#@${encodeURIComponent(tenant)}/`;
}

/**
 * Each id segment percent-encoded, except characters that ARM ids use and URLs allow in a fragment (`;` `,` `=` `@`
 * `:`): RSV item names such as `VM;iaasvmcontainerv2;rg;vm` stay readable. Spaces, parentheses, `#`, `%` and `?`
 * are encoded so that a link survives markdown (`[text](url)`) in both chat platforms.
 */
export function encodeArmIdForUrl(armId: string): string {
  const trimmed = armId.trim();
  const path = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  return path
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/%3B/gi, ';')
        .replace(/%2C/gi, ',')
        .replace(/%3D/gi, '=')
        .replace(/%40/g, '@')
        .replace(/%3A/gi, ':')
        .replace(/\(/g, '%28')
        .replace(/\)/g, '%29')
        .replace(/'/g, '%27')
        .replace(/\*/g, '%2A')
        .replace(/!/g, '%21'),
    )
    .join('/');
}

/** Any ARM resource; `menu` is a blade of its menu (e.g. "overview"); omitted: the portal's default blade. */
export function resourcePortalUrl(armId: string, opts: PortalOptions = {}, menu?: string): string {
  const suffix = menu === undefined || menu === '' ? '' : `/${encodeURIComponent(menu)}`;
  return `${base(opts)}/${hashPrefix(opts)}resource${encodeArmIdForUrl(armId)}${suffix}`;
}

/** A Recovery Services vault or a Backup vault: its overview. */
export function vaultPortalUrl(vault: { id: string }, opts: PortalOptions = {}): string {
  return resourcePortalUrl(vault.id, opts, 'overview');
}

/** The protected resource (VM, storage account, disk, server, cluster): its overview. */
export function datasourcePortalUrl(datasourceId: string, opts: PortalOptions = {}): string {
  return resourcePortalUrl(datasourceId, opts, 'overview');
}

/**
 * An RSV protected item or a BV backup instance, by its ARM id. (unverified) that the portal shows a blade for it;
 * pair it with vaultPortalUrl in views.
 */
export function itemPortalUrl(item: { id: string }, opts: PortalOptions = {}): string {
  return resourcePortalUrl(item.id, opts);
}

/** An RSV or BV job, by its ARM id (…/backupJobs/{guid}). (unverified) as for items. */
export function jobPortalUrl(job: { id: string }, opts: PortalOptions = {}): string {
  return resourcePortalUrl(job.id, opts);
}

/**
 * Drops whole-line `//` comments and blank lines and trims indentation, so the URL carries only the query.
 * `//` inside a line (e.g. in 'https://…') is left alone.
 */
export function compactKql(kql: string): string {
  return kql
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'))
    .join('\n');
}

/**
 * Resource Graph Explorer with `kql` filled in (the user presses Run), or undefined when the URL would be longer
 * than `maxChars` (then show the query text to copy instead).
 */
export function resourceGraphExplorerUrl(
  kql: string,
  opts: PortalOptions & { maxChars?: number } = {},
): string | undefined {
  const query = encodeURIComponent(compactKql(kql)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const url = `${base(opts)}/${hashPrefix(opts)}blade/HubsExtension/ArgQueryBlade/query/${query}`;
  return url.length <= (opts.maxChars ?? MAX_PORTAL_URL_CHARS) ? url : undefined;
}

/** Resource Graph Explorer with no query: what to link when the query is too long for a URL. */
export function resourceGraphExplorerHomeUrl(opts: PortalOptions = {}): string {
  return `${base(opts)}/${hashPrefix(opts)}blade/HubsExtension/ArgQueryBlade`;
}
