// What the per-vault approach (one REST list call per vault and page, as az CLI / PowerShell scripts do) would need
// for the same answers, computed from the estate's own counts (read with one summarize query, outside the timings).
//
// Page sizes of the REST list APIs (service-side, not settable: "pagination is done by the service with fixed
// thresholds and cannot be customized", Microsoft in github.com/Azure/azure-sdk-for-js/issues/15306):
// - Backup vault backupInstances list: 200 per page, then nextLink (github.com/Azure/azure-powershell/issues/18904).
// - Backup vault backupJobs list pages with nextLink too (github.com/Azure/azure-powershell/issues/29899).
// - RSV backupJobs and backupProtectedItems lists: page size not documented; assumed 200 like the Backup vault lists
//   (unverified). RSV protectable-items lists page at 100 (github.com/Azure/azure-sdk-for-net/issues/41074), so 200
//   flatters the per-vault approach, as does every other assumption below: each figure is a lower bound.
import type { ArgClient } from '../../src/azure/arg-client';

export const REST_PAGE_SIZE = 200;
/** VMs, storage accounts, disks, PostgreSQL single + flexible, AKS: one ARM list per type and subscription. */
export const DATASOURCE_LISTS_PER_SUBSCRIPTION = 6;

export interface VaultCounts {
  /** RSV protected items or Backup vault instances. */
  items: number;
  jobs24h: number;
  failed24h: number;
  jobs7d: number;
  rsv: boolean;
}

export interface EstateCounts {
  subscriptions: number;
  vaults: Map<string, VaultCounts>;
  /** Backup alerts per subscription (lower-case id): active ones, and all that fired in 7 days. */
  alerts: Map<string, { active: number; fired7d: number }>;
}

/**
 * Azure Monitor alerts are listed per subscription, not per vault (Alerts - Get All, filtered by monitor service and
 * state); its `pageCount` allows up to 250 alerts a page (unverified; a larger page only flatters REST).
 */
export const ALERTS_PAGE_SIZE = 250;

/** For the bench notes. */
export const READ_ME =
  'page sizes: Backup vault lists 200 (github.com/Azure/azure-powershell/issues/18904), RSV lists assumed 200 ' +
  '(unverified); each figure is a lower bound (newest-first lists: first page of every vault; one page per ' +
  'datasource type and subscription).';

const pages = (rows: number): number => Math.max(1, Math.ceil(rows / REST_PAGE_SIZE));

const COUNTS_KQL = `RecoveryServicesResources
| where type in~ ('microsoft.recoveryservices/vaults/backupjobs', 'microsoft.dataprotection/backupvaults/backupjobs', 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems', 'microsoft.dataprotection/backupvaults/backupinstances')
| extend isJob = type in~ ('microsoft.recoveryservices/vaults/backupjobs', 'microsoft.dataprotection/backupvaults/backupjobs')
| extend startTime = todatetime(properties.startTime)
| extend vaultKey = tolower(strcat(tostring(split(id, '/')[2]), '/', tostring(split(id, '/')[4]), '/', tostring(split(id, '/')[8])))
| summarize items = countif(not(isJob)), jobs24h = countif(isJob and startTime > ago(24h)), failed24h = countif(isJob and startTime > ago(24h) and tostring(properties.status) =~ 'Failed'), jobs7d = countif(isJob and startTime > ago(7d)) by vaultKey
| extend id = vaultKey
| project id, items, jobs24h, failed24h, jobs7d`;

const ALERT_COUNTS_KQL = `AlertsManagementResources
| where type =~ 'microsoft.alertsmanagement/alerts'
| extend e = properties.essentials
| where tostring(e.monitorService) =~ 'Azure Backup' or tolower(tostring(e.targetResourceType)) in ('microsoft.recoveryservices/vaults', 'microsoft.dataprotection/backupvaults')
| extend active = tostring(e.monitorCondition) !~ 'Resolved' and tostring(e.alertState) !~ 'Closed'
| summarize active = countif(active), fired7d = countif(todatetime(e.startDateTime) > ago(7d)) by subscriptionId
| extend id = tolower(subscriptionId)
| project id, active, fired7d`;

const VAULTS_KQL = `Resources
| where type in~ ('microsoft.recoveryservices/vaults', 'microsoft.dataprotection/backupvaults')
| project id`;

/** Every vault (so that vaults without items or jobs count too) with its items and jobs. */
export async function readEstateCounts(client: ArgClient): Promise<EstateCounts> {
  const vaults = new Map<string, VaultCounts>();
  const vaultIds = (await client.query({ kql: VAULTS_KQL, fresh: true })).rows.map((r) => String(r.id));
  for (const id of vaultIds) {
    const s = id.split('/');
    const key = `${s[2]}/${s[4]}/${s[8]}`.toLowerCase();
    vaults.set(key, { items: 0, jobs24h: 0, failed24h: 0, jobs7d: 0, rsv: /recoveryservices/i.test(id) });
  }
  const answer = await client.query({ kql: COUNTS_KQL, fresh: true });
  for (const row of answer.rows) {
    const v = vaults.get(String(row.id));
    if (!v) continue;
    v.items = Number(row.items);
    v.jobs24h = Number(row.jobs24h);
    v.failed24h = Number(row.failed24h);
    v.jobs7d = Number(row.jobs7d);
  }
  const alerts = new Map<string, { active: number; fired7d: number }>();
  for (const row of (await client.query({ kql: ALERT_COUNTS_KQL, fresh: true })).rows) {
    alerts.set(String(row.id), { active: Number(row.active), fired7d: Number(row.fired7d) });
  }
  return { subscriptions: (await client.listSubscriptions()).length, vaults, alerts };
}

/** REST requests for each view's answer; keys match the view names of the data-layer section. */
export function perVaultRequests(c: EstateCounts): Record<string, number> {
  const alertPages = (f: (a: { active: number; fired7d: number }) => number): number => {
    const listed = [...c.alerts.values()].reduce((n, a) => n + Math.max(1, Math.ceil(f(a) / ALERTS_PAGE_SIZE)), 0);
    // Subscriptions with no backup alert still cost one (empty) page each.
    return listed + Math.max(0, c.subscriptions - c.alerts.size);
  };
  const all = [...c.vaults.values()];
  const sum = (f: (v: VaultCounts) => number): number => all.reduce((n, v) => n + f(v), 0);
  // List subscriptions once, then the Recovery Services and the Backup vaults of each subscription.
  const discovery = 1 + 2 * c.subscriptions;
  const itemPages = sum((v) => pages(v.items));
  return {
    summary: discovery + sum((v) => pages(v.jobs24h)) + itemPages,
    // A newest-first page across vaults needs at least the first (filtered) page of every vault.
    'jobs failed 24h': discovery + all.length,
    'jobs all 7d': discovery + all.length,
    // Ranking problems first and counting by state needs every item of every vault.
    instances: discovery + itemPages,
    unprotected:
      discovery + itemPages + DATASOURCE_LISTS_PER_SUBSCRIPTION * c.subscriptions + sum((v) => (v.rsv ? 1 : 0)),
    vaults: discovery + itemPages + sum((v) => pages(v.failed24h)),
    // Each vault's policy list (one page: a vault holds a few policies), then its items to count them per policy
    // (RSV's protectedItemsCount counts stopped items too, and Backup vault policies carry no count).
    policies: discovery + all.length + itemPages,
    // Policy states are per subscription, not per vault: list the assignments of each subscription, ask Policy
    // Insights' summarize for the counts per assignment, then one queryResults page of the non-compliant backup
    // states for the names (a lower bound: large subscriptions need more pages).
    compliance: 1 + 3 * c.subscriptions,
    // Every item of every vault, problems first; Backup vault instances carry no last backup, so each Backup vault's
    // backup jobs too (first page, newest first).
    items: discovery + itemPages + sum((v) => (v.rsv ? 0 : 1)),
    // Every item, each vault's policies (one page) for their schedules, and each Backup vault's jobs for the newest
    // good backup (first page, newest first: a lower bound, as an instance with no good job on it needs more pages).
    'items stale': discovery + itemPages + all.length + sum((v) => (v.rsv ? 0 : 1)),
    // No REST call finds an item by name across vaults: list items vault by vault, then the item's jobs.
    'item detail': discovery + itemPages + 1,
    // List subscriptions, then one alert list (at least one page) per subscription.
    'alerts active': 1 + alertPages((a) => a.active),
    'alerts all 7d': 1 + alertPages((a) => a.fired7d),
  };
}
