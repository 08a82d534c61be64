// The Store port: everything the bot persists, as SDK-free types. core depends on this interface only;
// PGlite (embedded) and PostgreSQL (shared by replicas) implement it with one SQL dialect.

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

export interface DigestSubscription {
  id: string;
  platform: string;
  conversationKey: string;
  /** Local time of day, "HH:MM" (24 h), in `timezone`. */
  schedule: string;
  /** IANA name, e.g. "Europe/Berlin". */
  timezone: string;
  filters: Json;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** The scheduled occurrence last claimed with claimDigestRun; null before the first run. */
  lastRunAt: Date | null;
}

export interface DigestSubscriptionInput {
  platform: string;
  conversationKey: string;
  schedule: string;
  timezone: string;
  filters?: Json;
  createdBy: string;
}

/** Changing schedule or timezone restarts the clock: the next run is the next occurrence after the change. */
export interface DigestSubscriptionPatch {
  schedule?: string;
  timezone?: string;
  filters?: Json;
}

export interface DueDigest extends DigestSubscription {
  /** The most recent scheduled occurrence at or before `now` that has not run yet. */
  dueAt: Date;
}

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

export interface AuditQuery {
  /** Inclusive. */
  since?: Date;
  actor?: { platform: string; userId: string };
  /** Default 50, at most 1000. */
  limit?: number;
}

/** Work that must survive a restart (e.g. a backup job being tracked); `state` is the owner's business. */
export interface PendingOperation {
  id: string;
  kind: string;
  state: Json;
  createdAt: Date;
  updatedAt: Date;
}

export interface PendingOperationInput {
  id: string;
  kind: string;
  state: Json;
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';

  /** Replaces reference, tenantId and channel (omitted ones become null); createdAt is kept. */
  upsertConversation(input: ConversationRefInput): Promise<ConversationRef>;
  getConversation(platform: string, conversationKey: string): Promise<ConversationRef | undefined>;
  listConversations(platform?: string): Promise<ConversationRef[]>;
  deleteConversation(platform: string, conversationKey: string): Promise<boolean>;

  createDigestSubscription(input: DigestSubscriptionInput): Promise<DigestSubscription>;
  getDigestSubscription(id: string): Promise<DigestSubscription | undefined>;
  listDigestSubscriptions(filter?: { platform?: string; conversationKey?: string }): Promise<DigestSubscription[]>;
  /** Subscriptions with an occurrence in (last run or creation, now]; one entry each, however many were missed. */
  listDueDigests(now: Date): Promise<DueDigest[]>;
  /** Atomically marks the occurrence as run; true for exactly one caller across all replicas. */
  claimDigestRun(id: string, dueAt: Date): Promise<boolean>;
  updateDigestSubscription(id: string, patch: DigestSubscriptionPatch): Promise<DigestSubscription | undefined>;
  deleteDigestSubscription(id: string): Promise<boolean>;

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
  deletePendingOperation(id: string): Promise<boolean>;

  /** Resolves when the database answers a query; for readiness probes. */
  ping(): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}
