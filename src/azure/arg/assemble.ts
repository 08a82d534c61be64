// Turns the outcomes of a query's units into one ArgResult (rows in unit order with a tenant on each, duplicates from
// overlapping identities removed, the row limit applied), and says why an answer, collected or streamed, is short.
import { DeadlineExceededError } from '../../core/deadline';
import type { ArgResult, ArgRow, PartialReason } from '../arg-types';
import { toNotAuthorizedError, toQueryError } from './errors';
import type { CollectedOutcome, UnitOutcome } from './paging';
import type { ArgFailure } from './retry';
import type { ScopePlan, VisibleMap, WorkUnit } from './scope';
import type { StatsCollector } from './transport';

export interface AssembleInput {
  kql: string;
  maxRows: number | undefined;
  plan: ScopePlan;
  outcomes: CollectedOutcome[];
  identities: ReadonlyArray<{ tenantId?: string; label: string }>;
  /** Visible subscriptions per identity, when looked up: a tenant for rows that lack one. */
  visible: ReadonlyArray<VisibleMap | undefined>;
  stats: StatsCollector;
  requestTimeoutMs: number;
}

/** What both the collected answer (query) and the streamed one need to label their rows and their gaps. */
export type ShortfallInput = Omit<AssembleInput, 'outcomes' | 'maxRows' | 'stats'>;

export function assembleResult(input: AssembleInput): ArgResult {
  const { plan, outcomes } = input;
  throwIfUnanswerable(input, outcomes);
  const merger = new RowMerger(input);
  let rows: ArgRow[] = [];
  plan.units.forEach((unit, i) => {
    for (const row of outcomes[i]?.rows ?? []) {
      const kept = merger.accept(row, unit);
      if (kept) rows.push(kept);
    }
  });
  let rowLimited = false;
  if (input.maxRows !== undefined && rows.length > input.maxRows) {
    rows = rows.slice(0, input.maxRows);
    rowLimited = true;
  }
  const partial = describeGaps(input, outcomes, rows.length, rowLimited);
  const { requests, argMs, waitMs } = input.stats;
  return { rows, partial, stats: { requests, rows: rows.length, argMs, waitMs }, fromCache: false };
}

/** A query Azure refused (programming error) or an identity that may read nothing at all: thrown, never partial. */
export function throwIfUnanswerable(input: ShortfallInput, outcomes: ReadonlyArray<UnitOutcome | undefined>): void {
  const failures = outcomes.map((o) => o?.failure).filter((f): f is ArgFailure => f !== undefined);
  const badRequest = failures.find((f) => f.kind === 'bad-request');
  if (badRequest) throw toQueryError(badRequest, input.kql);
  if (
    input.plan.units.length > 0 &&
    failures.length === input.plan.units.length &&
    failures.every((f) => f.kind === 'not-authorized')
  ) {
    throw toNotAuthorizedError(failures, 'the subscriptions or management groups it should watch');
  }
}

/**
 * Not one page came back before the asker's deadline (every unit hung, or was told to wait past it): an empty list
 * labelled partial would read as "nothing there", so this is thrown for core to say "Azure did not answer in time".
 */
export function throwIfNothingInTime(outcomes: ReadonlyArray<UnitOutcome | undefined>): void {
  if (outcomes.length === 0) return;
  const failures: ArgFailure[] = [];
  for (const outcome of outcomes) {
    const failure = outcome?.failure;
    if (!outcome || outcome.pages > 0 || !failure) return;
    if (failure.kind !== 'deadline' && failure.pastDeadline !== true) return;
    failures.push(failure);
  }
  const waits = failures.map((f) => f.retryAfterMs).filter((ms): ms is number => ms !== undefined);
  const message = 'Resource Graph answered nothing before the answer deadline';
  throw new DeadlineExceededError(message, waits.length > 0 ? Math.max(...waits) : undefined);
}

/** Every reason the answer is short: the plan's, each unit's, and the row limit (`shown` rows were kept). */
export function describeGaps(
  input: ShortfallInput,
  outcomes: ReadonlyArray<UnitOutcome | undefined>,
  shown: number,
  cutByLimit: boolean,
): PartialReason[] {
  const partial: PartialReason[] = [...input.plan.partial];
  let rowLimited = cutByLimit;
  let total = 0;
  input.plan.units.forEach((unit, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    total += outcome.totalRecords ?? outcome.rowsRead;
    rowLimited ||= outcome.rowLimited;
    const reason = describeShortfall(unit, outcome, input);
    if (reason) partial.push(reason);
  });
  if (rowLimited) {
    partial.push({
      kind: 'row-limit',
      detail: `showing the first ${shown} rows of ${total > shown ? `about ${total}` : 'more'}`,
    });
  }
  return partial;
}

/**
 * Gives rows their tenant and drops the copies that overlapping identities (Lighthouse, a subscription in two tenants'
 * views) return twice: the first identity to deliver an id keeps it. With one identity nothing is remembered, so a
 * streamed answer stays bounded; with several, the ids seen are (one short string per row).
 */
export class RowMerger {
  private readonly ownerOfId = new Map<string, number>();
  private readonly overlapPossible: boolean;

  constructor(private readonly input: Pick<ShortfallInput, 'identities' | 'visible'>) {
    this.overlapPossible = input.identities.length > 1;
  }

  accept(row: ArgRow, unit: WorkUnit): ArgRow | undefined {
    if (this.overlapPossible) {
      const key = typeof row.id === 'string' ? row.id.toLowerCase() : undefined;
      const owner = key === undefined ? undefined : this.ownerOfId.get(key);
      if (owner !== undefined && owner !== unit.identity) return undefined;
      if (key !== undefined) this.ownerOfId.set(key, unit.identity);
    }
    return withTenant(row, unit, this.input);
  }
}

function describeShortfall(unit: WorkUnit, outcome: UnitOutcome, input: ShortfallInput): PartialReason | undefined {
  const subscriptions = unit.subscriptions ? { subscriptions: unit.subscriptions } : {};
  if (outcome.subscriptionLimitHit) {
    return {
      kind: 'truncated',
      detail: `${unit.label}: more than 10,000 subscriptions in scope and Resource Graph searched only the first 10,000; narrow BACKUP_SCOPE`,
    };
  }
  if (outcome.truncated) {
    return { kind: 'truncated', detail: `${unit.label}: Resource Graph cut the answer short`, ...subscriptions };
  }
  const failure = outcome.failure;
  if (!failure) return undefined;
  const readSoFar = outcome.rowsRead > 0 ? ` (only its first ${outcome.rowsRead} rows were read)` : '';
  const tries = `${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}`;
  switch (failure.kind) {
    case 'throttled': {
      const wait =
        failure.retryAfterMs === undefined ? '' : `; try again in about ${Math.ceil(failure.retryAfterMs / 1000)} s`;
      return {
        kind: 'throttled',
        detail: `${unit.label}: Azure throttled the bot (${tries})${wait}${readSoFar}`,
        ...subscriptions,
      };
    }
    case 'timeout':
      return {
        kind: 'timeout',
        detail: `${unit.label}: no answer from Resource Graph within ${Math.round(input.requestTimeoutMs / 1000)} s (${tries})${readSoFar}`,
        ...subscriptions,
      };
    case 'deadline':
      return {
        kind: 'timeout',
        detail: `${unit.label}: Resource Graph had not answered when the answer was due${readSoFar}`,
        ...subscriptions,
      };
    case 'not-authorized':
      return {
        kind: 'failed-batch',
        detail: `${unit.label}: ${input.identities[unit.identity]?.label ?? 'the bot'} is not authorized there${readSoFar}`,
        ...subscriptions,
      };
    case 'payload-too-large':
      return {
        kind: 'failed-batch',
        detail: `${unit.label}: the answer is too large for Resource Graph (16 MiB)${readSoFar}`,
        ...subscriptions,
      };
    case 'network':
      return {
        kind: 'failed-batch',
        detail: `${unit.label}: Resource Graph could not be reached (${failure.code ?? 'network error'}, ${tries})${readSoFar}`,
        ...subscriptions,
      };
    default:
      return {
        kind: 'failed-batch',
        detail: `${unit.label}: Resource Graph failed (${failure.code ?? failure.status ?? 'network error'}, ${tries})${readSoFar}`,
        ...subscriptions,
      };
  }
}

/** ARG rows carry `tenantId` unless the query projected it away; then it comes from the identity or the subscription. */
function withTenant(row: ArgRow, unit: WorkUnit, input: Pick<ShortfallInput, 'identities' | 'visible'>): ArgRow {
  if (typeof row.tenantId === 'string' && row.tenantId !== '') return row;
  const subscription = subscriptionOf(row);
  const fromMap = subscription ? input.visible[unit.identity]?.get(subscription)?.tenantId : undefined;
  const tenantId = input.identities[unit.identity]?.tenantId ?? fromMap;
  return tenantId === undefined ? row : { ...row, tenantId };
}

function subscriptionOf(row: ArgRow): string | undefined {
  if (typeof row.subscriptionId === 'string') return row.subscriptionId.toLowerCase();
  const id = typeof row.id === 'string' ? row.id : undefined;
  return id ? /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() : undefined;
}

/** A row that names its subscription but not its tenant (a projection dropped the column). */
export function lacksTenant(row: ArgRow): boolean {
  return typeof row.tenantId !== 'string' && (typeof row.subscriptionId === 'string' || typeof row.id === 'string');
}
