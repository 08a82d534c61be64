// Every query the backup data layer can send, bound with sample filter values (all set, none set, tag key only).

import { bindAlertCountsKql, bindAlertListKql } from '../../../src/azure/alerts/alerts';
import { bindComplianceKql } from '../../../src/azure/compliance/compliance';
import { bindDigestItemsKql } from '../../../src/azure/digest/digest-kql';
import { bindSharedHanaKql } from '../../../src/azure/digest/unprotected-split';
import { bindSubscriptionLookupKql, bindSubscriptionNamesKql, type ResolvedFilters } from '../../../src/azure/filters';
import {
  bindInstanceCountsKql,
  bindInstanceListKql,
  bindItemJobsKql,
  bindItemMatchKql,
  bindItemsByIdKql,
  bindPoliciesKql,
} from '../../../src/azure/instances/instances';
import { bindItemsKql, bindStaleItemsKql } from '../../../src/azure/instances/items';
import { bindJobCountsKql, bindJobListKql } from '../../../src/azure/jobs/jobs';
import { bindNotifyJobsKql } from '../../../src/azure/notify/notify';
import { bindPoliciesListKql } from '../../../src/azure/policies/policies';
import { bindUnprotectedKql } from '../../../src/azure/unprotected/unprotected';
import { bindVaultsKql } from '../../../src/azure/vaults/vaults';
import type { BackupInstance } from '../../../src/core/domain/instances';
import { WORKLOADS } from '../../../src/core/domain/workload';

export const FULL: ResolvedFilters = {
  since: '7d',
  subscriptionIds: ['11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222'],
  resourceGroup: "rg-o'neil",
  location: 'westeurope',
  tags: [{ key: 'CostCenter', value: 'a\\b' }],
  vault: 'rsv-prod',
  workload: 'sql',
};
export const NONE: ResolvedFilters = { since: '24h' };
/** Several tag: filters at once (all must match): two with a value, one key only. */
export const MANY_TAGS: ResolvedFilters = {
  since: '7d',
  tags: [
    { key: 'Env', value: 'prod' },
    { key: 'team', value: "pay'ments" },
    { key: 'owner', value: '' },
  ],
};
export const TAG_KEY_ONLY: ResolvedFilters = { since: '14d', tags: [{ key: 'env', value: '' }] };
/** FULL under a READ_ALLOW guardrail: one whole subscription and one resource group of another. */
export const GUARDED: ResolvedFilters = {
  ...FULL,
  readScopes: ['11111111-1111-1111-1111-111111111111', "22222222-2222-2222-2222-222222222222/rg-o'neil"],
};
export const RECOVERED_SINCE = new Date('2025-06-14T12:00:00.123Z');

const INSTANCE = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupFabrics/Azure/protectionContainers/c/protectedItems/i',
  vault: { id: '', name: 'v', kind: 'rsv', subscriptionId: 's', resourceGroup: 'rg' },
  friendlyName: "db'1",
  workload: 'sql',
} as unknown as BackupInstance;

export function allBoundQueries(): { name: string; kql: string }[] {
  const out: { name: string; kql: string }[] = [];
  for (const [label, f] of [
    ['full', FULL],
    ['none', NONE],
    ['tag-key-only', TAG_KEY_ONLY],
    ['many-tags', MANY_TAGS],
    ['guarded', GUARDED],
  ] as const) {
    for (const kind of ['failed', 'running', 'all'] as const) {
      out.push({ name: `job-list ${kind} ${label}`, kql: bindJobListKql(f, kind) });
    }
    out.push({ name: `job-counts ${label}`, kql: bindJobCountsKql(f) });
    out.push({ name: `instance-list ${label}`, kql: bindInstanceListKql(f) });
    out.push({ name: `instance-counts ${label}`, kql: bindInstanceCountsKql(f) });
    out.push({ name: `item-match name ${label}`, kql: bindItemMatchKql(f, 'sql-vm-01') });
    out.push({ name: `item-match id ${label}`, kql: bindItemMatchKql(f, INSTANCE.id) });
    for (const w of WORKLOADS) out.push({ name: `unprotected ${w} ${label}`, kql: bindUnprotectedKql(w, f) });
    out.push({ name: `vaults ${label}`, kql: bindVaultsKql(f) });
    out.push({ name: `policies ${label}`, kql: bindPoliciesListKql(f) });
    out.push({
      name: `policies by name, unused ${label}`,
      kql: bindPoliciesListKql(f, { name: "Daily'Policy", unused: true }),
    });
    out.push({ name: `compliance ${label}`, kql: bindComplianceKql(f) });
    out.push({ name: `alerts ${label}`, kql: bindAlertListKql(f, 'active', true) });
    out.push({ name: `alerts all ${label}`, kql: bindAlertListKql(f, 'all', true) });
    out.push({ name: `alerts active any age ${label}`, kql: bindAlertListKql(f, 'active', false) });
    out.push({ name: `alert-counts ${label}`, kql: bindAlertCountsKql(f) });
    out.push({ name: `digest-items ${label}`, kql: bindDigestItemsKql(f, RECOVERED_SINCE) });
    for (const state of ['protected', 'stopped', 'failing'] as const) {
      out.push({ name: `items ${state} ${label}`, kql: bindItemsKql(f, state) });
    }
    out.push({ name: `items stale ${label}`, kql: bindStaleItemsKql(f, RECOVERED_SINCE) });
    out.push({ name: `notify-jobs ${label}`, kql: bindNotifyJobsKql(f, RECOVERED_SINCE) });
  }
  out.push({ name: 'bv-policies', kql: bindPoliciesKql(['/subscriptions/s/x/backupPolicies/p1', '/P2']) });
  out.push({ name: 'item-jobs', kql: bindItemJobsKql(INSTANCE) });
  out.push({ name: 'items-by-id', kql: bindItemsByIdKql([INSTANCE.id, "/subscriptions/s/x/backupInstances/o'1"]) });
  out.push({ name: 'subscription lookup', kql: bindSubscriptionLookupKql("Contoso 'Prod'") });
  out.push({ name: 'subscription names', kql: bindSubscriptionNamesKql() });
  out.push({ name: 'digest shared unprotected hana', kql: bindSharedHanaKql() });
  const [sub] = GUARDED.readScopes ?? [];
  out.push({ name: 'items-by-id guarded', kql: bindItemsByIdKql([INSTANCE.id], GUARDED.readScopes) });
  out.push({ name: 'subscription lookup guarded', kql: bindSubscriptionLookupKql('Contoso', [sub as string]) });
  out.push({ name: 'subscription names guarded', kql: bindSubscriptionNamesKql([sub as string]) });
  out.push({ name: 'digest shared unprotected hana guarded', kql: bindSharedHanaKql(GUARDED.readScopes) });
  return out;
}
