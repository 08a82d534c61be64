// Public types of the local Azure Resource Manager stand-in: start options, the handle, faults, refusals, request log.
import type { Estate, Row, TableName } from '../estate/types';
import type { RowChangeResult } from './row-edits';
import type { ClockState } from './sim-clock';

/** Which stand-in endpoint a fault or a log entry is about. `operations` = LRO status/result and job GETs. */
export type EndpointKind = 'arg' | 'rsv-trigger' | 'bv-trigger' | 'operations';
export type FaultTarget = EndpointKind | '*';

export interface FaultRule {
  target: FaultTarget;
  /** Added before answering (ms). */
  latencyMs?: number;
  /**
   * The real answer's body is sent in small pieces spread over this many ms, after the headers (a slow link, or a
   * server streaming its answer slowly): a client sees a response start and then wait.
   */
  trickleMs?: number;
  /** Share (0..1) of requests answered with `errorStatus` instead of the real answer. */
  errorRate?: number;
  /** 500 or 503 (default 503, which ARM clients retry like a 429). */
  errorStatus?: 500 | 503;
  /** Answer the next N requests with 429 (counts down; a storm). */
  throttleNext?: number;
  /** Answer every request with 429 until this many ms after the rule was set. */
  throttleForMs?: number;
  /** Retry-After sent with fault 429s (seconds, default 1). */
  retryAfterSeconds?: number;
  /** Hold the request this long without answering, then drop the socket; 'forever' = until close(). */
  timeoutMs?: number | 'forever';
  /** Share (0..1) of requests held by `timeoutMs` (default 1). */
  timeoutRate?: number;
  /** ARG only: answer at most N rows with resultTruncated "true" and no $skipToken (partial result). */
  truncateTo?: number;
  /**
   * The rule starts after this many of its target's requests were let through untouched (a server that goes bad
   * mid-way: the first pages come, then it hangs or throttles). Counts from when the rule was set.
   */
  afterRequests?: number;
}

export interface FaultConfig {
  /** Makes errorRate/timeoutRate decisions reproducible. */
  seed?: number;
  rules: FaultRule[];
}

/** A caller refused with 403 AuthorizationFailed on backup triggers (optionally only on some vaults). */
export interface ForbiddenRule {
  /** The token's `oid` (or `sub`, or the token hash for opaque tokens), or '*' for everyone. */
  principal: string;
  /** Vault name or ARM id (case-insensitive); every vault when absent. */
  vault?: string;
}

export interface JobOutcomeRule {
  /** Case-insensitive substring of the item / backup instance ARM id or name. */
  match: string;
  outcome: 'Completed' | 'Failed';
  /** Error code from the estate's error catalog used when failing (default: a catalog entry for the workload). */
  errorCode?: string;
}

export interface JobCompletionConfig {
  /** Time (sim clock) from trigger to Completed/Failed; default 30 s. */
  delayMs?: number;
  /** Share (0..1) of jobs that fail when no rule matches; default 0. Seeded by `seed`. */
  failureRate?: number;
  rules?: JobOutcomeRule[];
}

export interface LroConfig {
  /** How many status polls answer InProgress before Succeeded (default 1). */
  pollsBeforeDone?: number;
  /** Retry-After (seconds) on 202s; real Azure says 60, the default here is 1 so demos stay snappy. */
  retryAfterSeconds?: number;
  /**
   * Whether a Backup vault operation status names the job when it succeeds (default true, as Microsoft's REST
   * walkthroughs print it). False gives the spec's minimal OperationResource (`properties` is optional): then only
   * the Location result (final-state-via: location) names the job.
   */
  statusNamesJob?: boolean;
}

export interface QuotaConfig {
  /** Queries per window per caller (ARG: 15). */
  limit: number;
  /** Window length (ARG: 5000 ms). */
  windowMs: number;
}

export interface SimOptions {
  estate: Estate;
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  /** Serve https with a throw-away self-signed certificate. */
  tls?: boolean;
  /**
   * The clock under the estate clock (KQL now(), job timestamps, job completion); default real time. The admin API
   * moves the estate clock relative to it (SimAdmin.setClock/advanceClock/freezeClock, POST /_sim/clock).
   */
  now?: () => Date;
  /** Start with the estate clock frozen at `now()`: it then moves only through the admin clock calls. */
  frozenClock?: boolean;
  /** A backup fails every this many ms of real time (the demo: something for notifications to announce). */
  failEveryMs?: number;
  seed?: number;
  faults?: FaultConfig;
  quota?: QuotaConfig;
  jobCompletion?: JobCompletionConfig;
  lro?: LroConfig;
  forbidden?: ForbiddenRule[];
  /** ARG response cap (default 16 MiB as in Azure); lower it in tests. */
  payloadLimitBytes?: number;
}

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  /** Decoded path without the query string. */
  path: string;
  endpoint: EndpointKind | 'admin' | 'unknown';
  /** Caller id from the bearer token (oid/sub, or `token:<hash>`); undefined when no token was sent. */
  caller?: string;
  status: number;
  /** For backup triggers: the lower-case ARM id of the protected item / backup instance. */
  itemId?: string;
  /** What answered: 'handler', or the fault that answered instead ('fault-5xx', 'fault-429', 'quota-429', 'fault-timeout'). */
  answeredBy: string;
}

export interface RequestFilter {
  endpoint?: RequestLogEntry['endpoint'];
  /** Case-insensitive substring of itemId. */
  item?: string;
  caller?: string;
}

export interface SimAdmin {
  setFaults(config: FaultConfig): void;
  getFaults(): FaultConfig;
  clearFaults(): void;
  setForbidden(rules: ForbiddenRule[]): void;
  getForbidden(): ForbiddenRule[];
  setJobCompletion(config: JobCompletionConfig): void;
  requests(filter?: RequestFilter): RequestLogEntry[];
  /** Backup trigger calls that reached the stand-in (whatever the answer), optionally for one item. */
  countBackupCalls(item?: string): number;
  clearRequests(): void;
  /** Finish every in-progress triggered job now (Completed/Failed per the completion rules). */
  settleJobs(): void;
  /** The estate clock's current instant (what KQL now() answers). */
  clockNow(): Date;
  clockState(): ClockState;
  /** Jumps the estate clock to `at` (backwards too); jobs whose completion time has come finish. */
  setClock(at: Date | string): void;
  /** Moves the estate clock forward by `ms` (a negative step throws a 400 ArmError); due jobs finish. */
  advanceClock(ms: number): void;
  /** Frozen (the default of `frozen`): the clock moves only through setClock/advanceClock. */
  freezeClock(frozen?: boolean): void;
  /** Adds rows to a table, replacing rows with the same id (any casing); `type` is stored lower-case. */
  putRows(table: TableName, rows: Row[]): RowChangeResult;
  /** Removes the rows with these ids (any casing); unknown ids are not counted. */
  deleteRows(table: TableName, ids: string[]): RowChangeResult;
  /** A scheduled backup of the next protected item in turn fails now: its job row; undefined with no items. */
  failBackup(): Row | undefined;
  /**
   * Faults, refusals, quotas, caches, log, operations cleared; row changes undone; triggered job rows removed and
   * items restored; the estate clock back to how it started.
   */
  reset(): void;
}

export interface SimHandle {
  /** Base URL, e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  port: number;
  /** PEM file of the self-signed certificate when tls is on (for NODE_EXTRA_CA_CERTS). */
  caCertFile?: string;
  /** PEM text of that certificate. */
  caCertPem?: string;
  estate: Estate;
  admin: SimAdmin;
  close(): Promise<void>;
}

export type { ClockState, Estate, Row, RowChangeResult, TableName };
