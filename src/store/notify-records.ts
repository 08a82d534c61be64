// The Store's part for failure notifications: subscriptions, scope polls under leases, announcements made once, the
// messages that carry them (updated in place) and the alert inbox. Store extends it; store.ts re-exports these types.
import type { DigestActor, Json } from './store';

/** Failure notifications of one conversation (a Teams channel, chat or 1:1; a Slack channel or DM). */
export interface NotifySubscription {
  platform: string;
  conversationKey: string;
  /** Where to post: the channel's own address of the conversation (as for digests). */
  address: Json;
  /** The command filters (core's CommandFilters). */
  filters: Json;
  /** Canonical text of the filters: conversations with the same key share one poll and one watermark. */
  scopeKey: string;
  /** IANA zone the messages' times are shown in (the zone of whoever turned notifications on). */
  timezone: string;
  createdBy: DigestActor;
  createdAt: Date;
  updatedAt: Date;
  /** Failures before this instant are not announced here (`notify on` does not replay the past). */
  since: Date;
  pausedAt: Date | null;
  pausedReason: string | null;
  /** When a poll last announced something here. */
  lastFoundAt: Date | null;
  /** Poller notes that must survive restarts (e.g. the creator was told the bot is not in the channel); {} until set. */
  notes: Json;
}

export interface NotifySubscriptionInput {
  platform: string;
  conversationKey: string;
  address: Json;
  filters: Json;
  scopeKey: string;
  timezone: string;
  createdBy: DigestActor;
  /** A new subscription's `since`; an existing one keeps its own. */
  since: Date;
  /** When the change is made (the caller's clock). */
  at: Date;
}

/** A scope's poll state, shared by the replicas: where the last poll got to and who polls it now. */
export interface NotifyScopeState {
  scopeKey: string;
  /** Start of the last successful poll's window end: the next poll reads from here (minus the overlap). */
  watermark: Date | null;
  /** Alerts received up to this instant were matched against this scope. */
  alertsSeen: Date | null;
  lastPollAt: Date | null;
  lastPollOk: boolean | null;
  lastPollDetail: string | null;
}

export interface NotifyScopeFinish {
  polledAt: Date;
  ok: boolean;
  detail?: string | null;
  /** Advanced only on a complete answer. */
  watermark?: Date;
  alertsSeen?: Date;
}

/** One failure announced (or being announced) in one conversation: the record that makes it once. */
export interface NotifyAnnouncement {
  eventKey: string;
  itemKey: string;
  failedAt: Date;
  /** The message that carries it; null until posted (or when posting failed: it is never posted again). */
  messageId: string | null;
  announcedAt: Date;
}

/** A posted notification: where it is, and what it says (core's model), so it can be updated in place. */
export interface NotifyMessage {
  id: string;
  platform: string;
  conversationKey: string;
  /** The channel's MessageRef; null when the platform gave none (then it cannot be updated). */
  ref: Json;
  state: Json;
  /** Some item of it is still failing (updates and recoveries look at open messages only). */
  open: boolean;
  postedAt: Date;
  updatedAt: Date;
  /** Incremented by every update: updateNotifyMessage compares it (two replicas never overwrite each other). */
  version: number;
}

/** An Azure Monitor alert accepted by the webhook, kept until every scope has matched it. */
export interface NotifyAlert {
  /** The alert's id (essentials.alertId): a second delivery of the same alert is refused by putNotifyAlert. */
  id: string;
  receivedAt: Date;
  /** Core's FailureEvent. */
  event: Json;
}

export interface NotifyRecords {
  /**
   * Creates or replaces the conversation's subscription: address, filters, scope and creator are replaced and a pause is
   * lifted; createdAt, since, lastFoundAt and notes are kept. `previous`: the subscription this call replaced.
   */
  upsertNotifySubscription(
    input: NotifySubscriptionInput,
  ): Promise<{ subscription: NotifySubscription; previous?: NotifySubscription }>;
  getNotifySubscription(platform: string, conversationKey: string): Promise<NotifySubscription | undefined>;
  /** Oldest first; `active`: not paused. */
  listNotifySubscriptions(filter?: {
    platform?: string;
    scopeKey?: string;
    active?: boolean;
  }): Promise<NotifySubscription[]>;
  deleteNotifySubscription(platform: string, conversationKey: string): Promise<boolean>;
  /** Until the next upsert (updatedAt is left alone); false when there is none or it is paused already. */
  pauseNotifySubscription(platform: string, conversationKey: string, reason: string, at: Date): Promise<boolean>;
  /** Moves lastFoundAt to `at`, never back. */
  setNotifyFound(platform: string, conversationKey: string, at: Date): Promise<void>;
  setNotifyNotes(platform: string, conversationKey: string, notes: Json): Promise<boolean>;

  /**
   * One poll of a scope at a time across replicas, for many scopes in one statement: a scope is claimed when nobody
   * holds a live lease on it (a lease is over at its end: lease end <= now) and its last poll started at least
   * `minGapMs` before `now` (another replica just polled it). Creates a scope's row on first use; of simultaneous
   * claims exactly one wins each scope. Returns the claimed scopes' states. Times are the caller's clock.
   */
  claimNotifyScopes(
    scopeKeys: readonly string[],
    owner: string,
    now: Date,
    leaseMs: number,
    minGapMs: number,
  ): Promise<Map<string, NotifyScopeState>>;
  /** Extends the owner's live leases to now + leaseMs; returns the scopes still held (not lost, not run out). */
  renewNotifyScopes(scopeKeys: readonly string[], owner: string, now: Date, leaseMs: number): Promise<string[]>;
  /**
   * Ends `owner`'s leases and records the polls; returns the scopes recorded (a lost lease: another replica claimed
   * the scope, or it was finished already; nothing is recorded for it). A lease that ran out while nobody claimed the
   * scope is still the owner's to finish. watermark and alertsSeen move only forward, and only when given.
   */
  finishNotifyScopes(
    owner: string,
    results: ReadonlyArray<NotifyScopeFinish & { scopeKey: string }>,
  ): Promise<string[]>;
  getNotifyScope(scopeKey: string): Promise<NotifyScopeState | undefined>;

  /**
   * Records failures as announced in a conversation; returns the eventKeys that were not recorded before (the caller
   * posts only those). Atomic across replicas: of two callers with the same key, one gets it.
   */
  recordNotifyAnnouncements(
    platform: string,
    conversationKey: string,
    entries: ReadonlyArray<{ eventKey: string; itemKey: string; failedAt: Date }>,
    at: Date,
  ): Promise<string[]>;
  /** Announcements of these items in the conversation announced at or after `since`, newest first. */
  findNotifyAnnouncements(
    platform: string,
    conversationKey: string,
    itemKeys: readonly string[],
    since: Date,
  ): Promise<NotifyAnnouncement[]>;
  attachNotifyMessage(
    platform: string,
    conversationKey: string,
    eventKeys: readonly string[],
    messageId: string,
  ): Promise<void>;

  createNotifyMessage(input: {
    platform: string;
    conversationKey: string;
    ref: Json;
    state: Json;
    open: boolean;
    at: Date;
  }): Promise<NotifyMessage>;
  getNotifyMessage(id: string): Promise<NotifyMessage | undefined>;
  /** Compare-and-set on `version`: false (and nothing written) when someone updated it meanwhile. */
  updateNotifyMessage(
    id: string,
    version: number,
    change: { state: Json; open: boolean; at: Date; ref?: Json },
  ): Promise<boolean>;
  /** Every conversation's open messages posted at or after `since` (one query for a whole poll), newest first. */
  listAllOpenNotifyMessages(since: Date): Promise<NotifyMessage[]>;

  /** False when an alert with this id was accepted before (a repeated or replayed delivery). */
  putNotifyAlert(alert: NotifyAlert): Promise<boolean>;
  /** Alerts received after `after` and at or before `upTo`, oldest first. */
  listNotifyAlerts(after: Date, upTo: Date): Promise<NotifyAlert[]>;

  /**
   * Deletes announcements announced, messages last updated and alerts received before `before`; returns how many rows
   * went. Subscriptions and scope states stay.
   */
  purgeNotify(before: Date): Promise<number>;
}
