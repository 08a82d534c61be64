// Azure Policy compliance of the backup-related assignments: one query (compliance.kql), so one Resource Graph request
// per subscription batch and page; its rows (one per assignment and subscription) are merged here per assignment.

import { parseArmId } from '../../core/domain/arm-id';
import {
  type AssignmentScope,
  backupBuiltInDefinitionIds,
  builtInDefinitionName,
  type ComplianceAssignment,
  type ComplianceList,
  totalOf,
} from '../../core/domain/compliance';
import type { BackupFilters } from '../../core/domain/filters';
import type { DataResult } from '../../core/domain/result';
import type { ArgRow } from '../arg-types';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { datasourceParams, type ResolvedFilters, refuseFilters, resolveFilters } from '../filters';
import { bindKql, loadKqlTemplate } from '../kql-binder';
import { dyn, num, str, strings } from '../row-values';

/** Non-compliant resources named per assignment. */
export const SAMPLE_SIZE = 5;

/** Filters mean the evaluated resource's subscription, group, region and tags. */
export function bindComplianceKql(f: ResolvedFilters): string {
  return bindKql(loadKqlTemplate(__dirname, 'compliance.kql'), {
    builtInIds: backupBuiltInDefinitionIds(),
    ...datasourceParams(f),
  });
}

/** `/subscriptions/s[/resourceGroups/rg]`, `/providers/Microsoft.Management/managementGroups/mg`, or as written. */
export function scopeOf(id: string): AssignmentScope {
  const mg = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)\/?$/i.exec(id.trim());
  if (mg) return { kind: 'management-group', id, managementGroup: mg[1] as string };
  const parts = parseArmId(id);
  if (parts.subscriptionId !== undefined && parts.provider === undefined && parts.pairs.length === 0) {
    return parts.resourceGroup === undefined
      ? { kind: 'subscription', id, subscriptionId: parts.subscriptionId }
      : { kind: 'resource-group', id, subscriptionId: parts.subscriptionId, resourceGroup: parts.resourceGroup };
  }
  return { kind: 'other', id };
}

/** The scope an assignment id sits at: everything before `/providers/Microsoft.Authorization/policyAssignments/`. */
function scopeFromAssignmentId(id: string): string {
  const at = id.toLowerCase().lastIndexOf('/providers/microsoft.authorization/policyassignments/');
  return at <= 0 ? '' : id.slice(0, at);
}

const nameOf = (id: string): string =>
  id
    .split('/')
    .filter((s) => s !== '')
    .pop() ?? id;

interface Merged extends ComplianceAssignment {
  inScope: boolean;
  sampleIds: Set<string>;
}

function mergeRow(byKey: Map<string, Merged>, row: ArgRow): void {
  const assignmentId = str(row, 'assignmentId');
  if (assignmentId === undefined) return;
  const key = assignmentId.toLowerCase();
  const displayName = str(row, 'displayName');
  const definitionId = str(row, 'definitionId') ?? '';
  const definitionName = builtInDefinitionName(definitionId) ?? str(row, 'categoryName');
  const scopeText = str(row, 'assignmentScope') ?? scopeFromAssignmentId(assignmentId);
  let a = byKey.get(key);
  if (!a) {
    a = {
      id: assignmentId,
      name: str(row, 'assignmentName') ?? nameOf(assignmentId),
      ...(str(row, 'tenantId') === undefined ? {} : { tenantId: str(row, 'tenantId') }),
      scope: scopeOf(scopeText),
      definitionId,
      counts: { nonCompliant: 0, compliant: 0, exempt: 0, conflict: 0, other: 0 },
      evaluated: 0,
      nonCompliantSample: [],
      inScope: false,
      sampleIds: new Set(),
    };
    byKey.set(key, a);
  }
  // The assignment's own row (it carries a display name) wins over what the states repeat.
  if (displayName !== undefined) {
    a.displayName = displayName;
    a.definitionId = definitionId || a.definitionId;
    if (scopeText !== '') a.scope = scopeOf(scopeText);
    const mode = str(row, 'enforcementMode');
    if (mode !== undefined) a.enforcementMode = mode;
  }
  if (a.definitionName === undefined && definitionName !== undefined) a.definitionName = definitionName;
  const c = a.counts;
  c.nonCompliant += num(row, 'nonCompliant') ?? 0;
  c.compliant += num(row, 'compliant') ?? 0;
  c.exempt += num(row, 'exempt') ?? 0;
  c.conflict += num(row, 'conflict') ?? 0;
  c.other += num(row, 'other') ?? 0;
  a.evaluated += num(row, 'evaluated') ?? 0;
  if ((num(row, 'assignmentInScope') ?? 0) > 0) a.inScope = true;
  for (const id of strings(dyn(row, 'ncSample'))) a.sampleIds.add(id);
}

const COLLATOR = new Intl.Collator();
const labelOf = (a: ComplianceAssignment): string => a.displayName ?? a.name;

/** Merges the per-subscription rows; keeps assignments with resources in the filters, or not evaluated anywhere. */
export function toComplianceList(rows: readonly ArgRow[]): ComplianceList {
  const byKey = new Map<string, Merged>();
  for (const row of rows) mergeRow(byKey, row);
  const assignments: ComplianceAssignment[] = [];
  for (const { inScope, sampleIds, ...a } of byKey.values()) {
    if (totalOf(a.counts) === 0 && !(a.evaluated === 0 && inScope)) continue;
    // ARM resource names: a plain comparison of lower-cased names orders them as people read them, at a fraction
    // of a collator's cost (thousands of ids on a large estate).
    a.nonCompliantSample = [...sampleIds]
      .map((id) => ({ id, key: `${nameOf(id).toLowerCase()}\u0000${id}` }))
      .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
      .slice(0, SAMPLE_SIZE)
      .map((x) => x.id);
    assignments.push(a);
  }
  assignments.sort(
    (x, y) =>
      y.counts.nonCompliant - x.counts.nonCompliant ||
      COLLATOR.compare(labelOf(x), labelOf(y)) ||
      (x.id.toLowerCase() < y.id.toLowerCase() ? -1 : 1),
  );
  return { assignments };
}

export async function runCompliance(log: QueryLog, f: ResolvedFilters): Promise<ComplianceList> {
  return toComplianceList(await log.run(bindComplianceKql(f)));
}

/** vault: and type: name no policy resource, since: means nothing for the latest states: refused, not ignored. */
export async function queryCompliance(ctx: QueryContext, filters: BackupFilters): Promise<DataResult<ComplianceList>> {
  const log = new QueryLog(ctx);
  refuseFilters(filters, ['vault', 'workload', 'since'], 'compliance');
  const f = await resolveFilters(log, filters);
  return log.result(await runCompliance(log, f));
}
