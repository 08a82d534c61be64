// The digest's own queries, bound: the digest items (digest-items.kql + digest-item-due.kql + the tag join +
// digest-item-list.kql) with the thresholds that decide what is worth reporting, and the subscription display names.
import { datasourceParams, type ResolvedFilters } from '../filters';
import { bindKql, concatTemplates, loadKqlTemplate } from '../kql-binder';

/**
 * The one place for the digest's thresholds (bound into digest-items.kql and digest-item-due.kql). An item is overdue
 * when its newest good backup is older than its policy's interval plus `graceHours`: a scheduled backup starts within
 * its window and takes a while, so exactly one interval is normal. `items stale` uses the same rule and grace. A
 * backup running longer than `runningHours` is worth a line.
 */
export const DIGEST_THRESHOLDS = { graceHours: 2, runningHours: 1 } as const;

const itemsTemplate = () =>
  concatTemplates(
    loadKqlTemplate(__dirname, 'digest-items.kql'),
    loadKqlTemplate(__dirname, 'digest-item-due.kql'),
    loadKqlTemplate(__dirname, '../datasource-tags.kql'),
    loadKqlTemplate(__dirname, 'digest-item-list.kql'),
  );

/** Every datasource filter applies (vault, workload, datasource subscription/rg/location, tag); `since` does not. */
export function bindDigestItemsKql(f: ResolvedFilters, recoveredSince: Date): string {
  return bindKql(itemsTemplate(), {
    ...datasourceParams(f),
    vault: f.vault,
    workload: f.workload,
    recoveredSince,
    graceHours: DIGEST_THRESHOLDS.graceHours,
    runningHours: DIGEST_THRESHOLDS.runningHours,
  });
}
