// What every backup-data answer carries besides its value: whether it is complete, the exact KQL behind it, and cost.
// Shapes match src/azure/arg-types.ts structurally, so azure can pass its values through without core importing azure.

/** Why an answer is incomplete; a partial answer is always labelled, never silently short. */
export interface PartialNote {
  kind: 'throttled' | 'failed-batch' | 'truncated' | 'inaccessible-subscriptions' | 'row-limit' | 'timeout';
  /** What is missing, in human terms. */
  detail: string;
  subscriptions?: string[];
}

export interface QueryStats {
  requests: number;
  rows: number;
  /** Time spent waiting on Resource Graph, summed over requests. */
  argMs: number;
}

export interface DataResult<T> {
  value: T;
  /** Empty when the answer is complete. */
  partial: PartialNote[];
  /** Every bound KQL query the answer used, in the order they ran (for "Show query"). */
  kql: string[];
  stats: QueryStats;
}
