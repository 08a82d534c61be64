// The Store port: everything the bot persists, as SDK-free types. core depends on this interface only;
// PGlite (embedded) and PostgreSQL (shared by replicas) implement it with one SQL dialect.
import type { NotifyRecords } from './notify-records';

export * from './notify-records';

/** A value that survives JSON.stringify/JSON.parse (no undefined, functions, Maps or Dates). */
export type Json = unknown;

/** Thrown for input the caller can fix (bad schedule, unknown time zone, non-JSON value). */
export class StoreInputError extends Error {
  override readonly name = 'StoreInputError';
}

/** Where the bot can post proactively: the platform's own reference (e.g. a Bot Framework ConversationReference). */
export interface ConversationRef {
  platform: string; // 'teams' | 'slack'
  conversationKey: string;
  reference: Json;
  tenantId: string | null;
  channel: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConversationRefInput {
  platform: string;
  conversationKey: string;
  reference: Json;
  tenantId?: string | null;
  channel?: string | null;
}

export type DigestDays = 'daily' | 'weekdays';

/** Who set up or changed a digest (as the chat platform names them). */
export interface DigestActor {
  platform: string;
  userId: string;
  name?: string | null;
  /** Teams: the Entra object id (READ_ALLOW names Teams people by it). */
  aadObjectId?: string | null;
  /** Teams: the person's tenant (their group membership is asked there when digests and notifications run). */
  tenantId?: string | null;
  /** The conversation is this person's 1:1 chat with the bot (READ_ALLOW applies their own rules when it runs). */
  personal?: boolean;
}

/** How a scheduled digest run ended. `quiet`: nothing to report and the digest is quiet, so nothing was posted. */
export type DigestRunStatus = 'posted' | 'quiet' | 'skipped' | 'failed' | 'unknown';

export interface DigestRunSummary {
  /** The scheduled occurrence. */
  dueAt: Date;
  finishedAt: Date;
  status: DigestRunStatus;
  /** Why it was skipped or failed, in words for the `digest` settings card. */
  detail: string | null;
  /** Posted after its time (another replica took over, or the bot was down). */
  late: boolean;
}

/** One digest per conversation (a Teams channel, group chat or 1:1; a Slack channel or DM). */
export interface DigestSubscription {
  platform: string;
  conversationKey: string;
  /** Where to post: the channel's own address of the conversation (Teams conversation reference, Slack channel). */
  address: Json;
  /** Local time of day, "HH:MM" (24 h), in `timezone`. */
  time: string;
  /** IANA name, e.g. "Europe/Berlin". */
  timezone: string;
  days: DigestDays;
  /** On a day with nothing to report, post nothing. */
  quiet: boolean;
  /** The command filters (core's CommandFilters). */
  filters: Json;
  /** Canonical text of the filters: conversations with the same key share one set of queries and snapshots. */
  scopeKey: string;
  createdBy: DigestActor;
  createdAt: Date;
  updatedAt: Date;
  /** The next scheduled occurrence; the scheduler computes it from time, zone and days. */
  nextRunAt: Date;
  pausedAt: Date | null;
  pausedReason: string | null;
  lastRun: DigestRunSummary | null;
  /** The snapshot (scopeKey + takenAt) the last posted or quiet run recorded: the next run's "since the last digest". */
  lastSnapshotAt: Date | null;
  /**
   * Scheduler notes that must survive restarts (e.g. that the creator was told the bot is not in the channel); {} until
   * set.
   */
  notes: Json;
}

export interface DigestSubscriptionInput {
  platform: string;
  conversationKey: string;
  address: Json;
  time: string;
  timezone: string;
  days: DigestDays;
  quiet: boolean;
  filters: Json;
  scopeKey: string;
  createdBy: DigestActor;
  nextRunAt: Date;
  /** When the change is made (the caller's clock): createdAt of a new digest, updatedAt always. */
  at: Date;
}

/** One scheduled occurrence of one conversation's digest. */
export interface DigestRunKey {
  platform: string;
  conversationKey: string;
  dueAt: Date;
}

/**
 * `claimed`: this owner runs it (`attempt` > 1: it took over from a replica whose lease ran out, so it is late).
 * Otherwise someone else holds it, or it ended; `abandoned`: its owner died while posting, so whether the message went
 * out is unknown (never post it again: closeAbandonedDigestRun).
 */
export type DigestClaim =
  | { claimed: true; attempt: number }
  | { claimed: false; state: string; owner: string; abandoned: boolean };

export interface DigestRunResult {
  status: DigestRunStatus;
  detail?: string | null;
  late: boolean;
  finishedAt: Date;
  /** The subscription's next occurrence, set only while the subscription still waits for this run (compare-and-set). */
  nextRunAt: Date;
  /** The snapshot this run recorded (posted and quiet runs), for the next run's deltas. */
  snapshotAt?: Date | null;
}

export interface Snooze {
  platform: string;
  conversationKey: string;
  /** Lower-case ARM id of the item (the key digest data uses). */
  itemKey: string;
  itemName: string;
  until: Date;
  createdBy: DigestActor;
  createdAt: Date;
}

/** createdAt is the caller's clock. */
export type SnoozeInput = Snooze;

export interface IdempotencyRecord {
  key: string;
  owner: string;
  claimedAt: Date;
  expiresAt: Date;
  payload: Json | null;
}

/** `claimed: false` also when the same owner already holds the key: a claim is never granted twice. */
export type IdempotencyClaim = { claimed: true; expiresAt: Date } | { claimed: false; existing: IdempotencyRecord };

export interface AuditActor {
  platform: string;
  userId: string;
  name?: string | null;
}

export interface AuditRecordInput {
  /** Defaults to the database's clock. */
  at?: Date;
  actor: AuditActor;
  channel?: string | null;
  action: string;
  target?: string | null;
  /** e.g. 'ok' | 'denied' | 'failed' */
  result: string;
  details?: Json;
  azureJobId?: string | null;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actor: { platform: string; userId: string; name: string | null };
  channel: string | null;
  action: string;
  target: string | null;
  result: string;
  details: Json;
  azureJobId: string | null;
}

export interface AuditScope {
  subscriptionId: string;
  resourceGroup?: string;
}

export interface AuditQuery {
  /** Inclusive. */
  since?: Date;
  actor?: { platform: string; userId: string };
  /**
   * Only records whose item lies in one of these scopes (case-insensitive): its vault's subscription / resource group
   * (details.subscriptionId / details.resourceGroup, else the target's ARM id) or its datasource's
   * (details.datasourceScope). Absent: every record; empty: none. Filtered before the limit.
   */
  scopes?: readonly AuditScope[];
  /** Default 50, at most 1000. */
  limit?: number;
}

/**
 * Work that must survive a restart (e.g. a backup job being tracked); `state` is the owner's business. `owner` holds
 * it until `leaseUntil` (the caller's clock) and renews the lease while it works; null: nobody holds it.
 */
export interface PendingOperation {
  id: string;
  kind: string;
  state: Json;
  owner: string | null;
  leaseUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PendingOperationInput {
  id: string;
  kind: string;
  state: Json;
  /** Who holds it and until when; absent: a new row is held by nobody and an existing row keeps its holder. */
  lease?: { owner: string; until: Date };
}

export interface Store extends NotifyRecords {
  readonly kind: 'pglite' | 'postgres';

  /** Replaces reference, tenantId and channel (omitted ones become null); createdAt is kept. */
  upsertConversation(input: ConversationRefInput): Promise<ConversationRef>;
  getConversation(platform: string, conversationKey: string): Promise<ConversationRef | undefined>;
  listConversations(platform?: string): Promise<ConversationRef[]>;
  deleteConversation(platform: string, conversationKey: string): Promise<boolean>;

  /**
   * Creates or replaces the conversation's digest: every input field is replaced and a pause is lifted; createdAt, last
   * run, last snapshot and notes are kept. `previous`: the digest this call replaced.
   */
  upsertDigestSubscription(
    input: DigestSubscriptionInput,
  ): Promise<{ subscription: DigestSubscription; previous?: DigestSubscription }>;
  getDigestSubscription(platform: string, conversationKey: string): Promise<DigestSubscription | undefined>;
  /** Ordered by platform and conversation key. */
  listDigestSubscriptions(filter?: { platform?: string }): Promise<DigestSubscription[]>;
  /** Also deletes its runs and snoozes. */
  deleteDigestSubscription(platform: string, conversationKey: string): Promise<boolean>;
  /** Stops scheduling it until the next upsert (updatedAt is left alone); false when there is no such digest. */
  pauseDigestSubscription(platform: string, conversationKey: string, reason: string, at: Date): Promise<boolean>;
  setDigestNotes(platform: string, conversationKey: string, notes: Json): Promise<boolean>;
  /** Unpaused digests whose next run is at or before `now`, earliest first (at most `limit`, default 10,000). */
  listDueDigests(now: Date, limit?: number): Promise<DigestSubscription[]>;

  /**
   * Claims one occurrence for `owner` until now + leaseMs: granted to exactly one caller across replicas; a running
   * claim whose lease ran out is taken over (attempt + 1). Times are the caller's clock (the scheduler's), not the
   * database's, so tests can drive them.
   */
  claimDigestRun(run: DigestRunKey, owner: string, now: Date, leaseMs: number): Promise<DigestClaim>;
  /**
   * Extends the owner's lease (running or sending) to now + leaseMs; false when it no longer holds the run or its lease
   * ran out before `now` (even if nobody has taken the run over yet).
   */
  renewDigestRun(run: DigestRunKey, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * running → sending, just before the platform call; false when the owner lost the run or its lease ran out (do not
   * post). The lease is not extended: renew first if the post may outlast it, or the run may be closed as abandoned.
   */
  markDigestRunSending(run: DigestRunKey, owner: string, now: Date): Promise<boolean>;
  /**
   * Ends the owner's running or sending run (even past its lease, while nobody took it over) and, if the subscription
   * still waits for it (nextRunAt = dueAt), records it as lastRun and moves nextRunAt on, atomically. True when the run
   * was ended by this call.
   */
  finishDigestRun(run: DigestRunKey, owner: string, result: DigestRunResult): Promise<boolean>;
  /**
   * A run left in `sending` past its lease (its owner died mid-post) ends as `unknown` at `now`, without posting again,
   * and the subscription moves on as in finishDigestRun. True only for the one call that closed it.
   */
  closeAbandonedDigestRun(run: DigestRunKey, now: Date, nextRunAt: Date): Promise<boolean>;
  /**
   * Deletes run records finished before `before`, and dead ones (lease ended before `before`) that no subscription
   * waits for any more; returns how many.
   */
  purgeDigestRuns(before: Date): Promise<number>;

  /** What a digest run remembered about a scope (failing items, unprotected datasources, vault settings). */
  putDigestSnapshot(scopeKey: string, takenAt: Date, state: Json): Promise<void>;
  getDigestSnapshot(scopeKey: string, takenAt: Date): Promise<Json | undefined>;
  /** Deletes snapshots taken before `before` that no digest's lastSnapshotAt points at; returns how many. */
  purgeDigestSnapshots(before: Date): Promise<number>;
  /** Total bytes of stored snapshots (for operators and the bench). */
  digestSnapshotBytes(): Promise<number>;

  /** Creates or replaces the snooze of one item in one conversation. */
  putSnooze(input: SnoozeInput): Promise<Snooze>;
  deleteSnooze(platform: string, conversationKey: string, itemKey: string): Promise<boolean>;
  /** Snoozes of the conversation still in force at `now` (until > now), soonest to end first. */
  listSnoozes(platform: string, conversationKey: string, now: Date): Promise<Snooze[]>;
  /** Deletes snoozes with until <= now; returns how many. */
  purgeExpiredSnoozes(now: Date): Promise<number>;

  /** Atomic across processes sharing the database; an expired key can be claimed again. Uses the database clock. */
  claimIdempotencyKey(key: string, owner: string, ttlMs: number, payload?: Json): Promise<IdempotencyClaim>;
  /** Replaces the payload of a live claim held by `owner` (e.g. to record the Azure job id); false otherwise. */
  setIdempotencyPayload(key: string, owner: string, payload: Json): Promise<boolean>;
  /** Deletes the claim if `owner` holds it, so the action may be tried again at once. */
  releaseIdempotencyKey(key: string, owner: string): Promise<boolean>;
  /** Live (unexpired) claims only. */
  getIdempotencyKey(key: string): Promise<IdempotencyRecord | undefined>;
  /** Returns how many expired keys were deleted. */
  purgeExpiredIdempotencyKeys(): Promise<number>;

  appendAudit(input: AuditRecordInput): Promise<AuditRecord>;
  /**
   * Appends `input` unless its actor already has `limit.max` records of the same action and result in the
   * `limit.windowMs` up to `input.at`; beyond that it is counted in one summary record per actor, action and window
   * (result `<result>-repeated`, details.count and details.first/last), so a flood cannot bury other records.
   * Atomic per actor across replicas.
   */
  appendAuditLimited(
    input: AuditRecordInput & { at: Date },
    limit: { max: number; windowMs: number },
  ): Promise<'recorded' | 'counted'>;
  /** Newest first. */
  queryAudit(query?: AuditQuery): Promise<AuditRecord[]>;

  /** Stores `value` under `id` for `ttlMs` (database clock); an existing id is replaced. */
  putStashEntry(id: string, value: Json, ttlMs: number): Promise<void>;
  /** The value, or undefined when unknown or expired. */
  getStashEntry(id: string): Promise<Json | undefined>;
  /** Deletes expired entries, and the oldest beyond `keepNewest` when given; returns how many went. */
  purgeExpiredStash(keepNewest?: number): Promise<number>;

  getSetting(key: string): Promise<Json | undefined>;
  setSetting(key: string, value: Json): Promise<void>;
  deleteSetting(key: string): Promise<boolean>;

  upsertPendingOperation(input: PendingOperationInput): Promise<PendingOperation>;
  getPendingOperation(id: string): Promise<PendingOperation | undefined>;
  /** Oldest update first. */
  listPendingOperations(kind?: string): Promise<PendingOperation[]>;
  /** With `owner`: deletes only while that owner holds it (true when this call deleted it). */
  deletePendingOperation(id: string, owner?: string): Promise<boolean>;
  /**
   * Takes the operations of these kinds that nobody holds (no owner, or a lease ended at or before `now`) for `owner`
   * until now + leaseMs, oldest first, at most `limit` (default 100). Across replicas each row goes to one caller.
   */
  claimPendingOperations(
    kinds: readonly string[],
    owner: string,
    now: Date,
    leaseMs: number,
    limit?: number,
  ): Promise<PendingOperation[]>;
  /** Extends to now + leaseMs the leases `owner` still holds (not run out by `now`); returns their ids. */
  renewPendingOperations(ids: readonly string[], owner: string, now: Date, leaseMs: number): Promise<string[]>;
  /** Gives up `owner`'s leases at once (a replica stopping), so the next claim anywhere takes them; returns how many. */
  releasePendingOperations(ids: readonly string[], owner: string): Promise<number>;
  /** Atomically replaces `owner`'s operation `id` by `next` (a new id); false, writing nothing, if it lost `id`. */
  replacePendingOperation(id: string, owner: string, next: PendingOperationInput): Promise<boolean>;

  /** Resolves when the database answers a query; for readiness probes. */
  ping(): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}
