// Polls for new backup failures on every replica: each scope (the filters conversations share) is claimed in the
// store for one poll at a time, read once for all its conversations from its watermark (minus an overlap, as jobs
// reach Resource Graph late), and each conversation is told what it was not told before, once, grouped in one
// message; repeats and fixes update the earlier message in place.
import { randomBytes } from 'node:crypto';
import type { NotifyMessage, NotifySubscription } from '../../store/store';
import { toBackupFilters } from '../commands/filters';
import type { CommandFilters } from '../commands/types';
import { forEachLimited } from '../concurrency';
import { subscriptionNames } from '../digest/run';
import type { Job } from '../domain/jobs';
import { type FailureEvent, NOTIFY_JOB_LIMIT, type NotifyJobs } from '../domain/notify';
import type { DataResult } from '../domain/result';
import type { SubscriptionNames } from '../names';
import { Periodic } from '../periodic';
import type { ReadScope } from '../ports';
import { alertMatches, eventOfJob, fixedAlready, goodByItem, sameFailure } from './events';
import { addFailures } from './message';
import { NotifyOutbox } from './outbox';
import { DEFAULT_NOTIFY_SETTINGS, type NotifyDeps, type NotifySettings } from './ports';
import { alertReadable, guardSubscriptions, noteUnchecked, pollKeyOf, readJobsByGuard } from './read-guard';

/** What one poll did, for logs, tests and the bench. */
export interface NotifyRound {
  scopes: number;
  claimed: number;
  posted: number;
  updated: number;
  failed: number;
  /** Wall time (ms) in the bot's own work (listing and claiming, telling the conversations, finishing the scopes) and
   * waiting on Resource Graph (with the store reads beside it). */
  ownMs: number;
  claimMs: number;
  tellMs: number;
  finishMs: number;
  readMs: number;
}

interface ClaimedScope {
  /** The filters' scope key plus the guardrail (pollKeyOf): the store's claim and watermark key. */
  scopeKey: string;
  read?: readonly ReadScope[];
  subs: NotifySubscription[];
  filters: CommandFilters;
  from: Date;
  alertsAfter: Date;
}

/** Resource Graph keeps 14 days of jobs, but a bot down for longer than a day tells about the last day only. */
const MAX_LOOKBACK_MS = 24 * 3_600_000;
/** Alerts may come in bursts: each scope is read at most this often for them (Resource Graph has a quota). */
const URGENT_GAP_MS = 10_000;
/** Subscriptions are renamed rarely; a new name shows up on messages within the hour. */
const NAMES_MAX_AGE_MS = 3_600_000;

export class NotifyPoller {
  private readonly settings: NotifySettings;
  private readonly owner: string;
  private readonly periodic: Periodic<NotifyRound>;
  private readonly outbox: NotifyOutbox;
  private hurry = false;
  /** Subscription display names, read again hourly (one Resource Graph request saved on every other poll). */
  private known: { names: SubscriptionNames; at: number } | undefined;
  /** Conversations whose group lookup failed on the last poll (audited once per outage). */
  private readonly unchecked = new Set<string>();

  constructor(private readonly deps: NotifyDeps) {
    this.settings = { ...DEFAULT_NOTIFY_SETTINGS, ...deps.settings };
    this.owner = deps.replicaId ?? `notify-${randomBytes(6).toString('hex')}`;
    this.outbox = new NotifyOutbox(deps, this.settings);
    this.periodic = new Periodic(
      () => this.poll(),
      () => this.settings.pollMs,
      (err) => this.deps.log.error({ err }, 'a notification poll failed'),
      (round) => this.deps.metrics?.notifications(round),
    );
  }

  start(): () => void {
    return this.periodic.start();
  }

  close(): Promise<void> {
    return this.periodic.close();
  }

  /** One poll now (tests drive the clock and call this). */
  tick(): Promise<NotifyRound> {
    return this.periodic.tick();
  }

  /** A poll soon, for an alert: scopes polled more than URGENT_GAP_MS ago are read again at once. */
  urgent(): Promise<NotifyRound> {
    this.hurry = true;
    return this.periodic.tick();
  }

  private async poll(): Promise<NotifyRound> {
    const started = performance.now();
    const { store } = this.deps;
    const now = this.deps.clock();
    const round: NotifyRound = {
      scopes: 0,
      claimed: 0,
      posted: 0,
      updated: 0,
      failed: 0,
      ownMs: 0,
      claimMs: 0,
      tellMs: 0,
      finishMs: 0,
      readMs: 0,
    };
    // READ_ALLOW, checked on every poll (rules and groups change): a conversation that lost every scope is paused and
    // audited; one whose person's groups could not be looked up sits this poll out (the overlap reads it again later).
    const active = await store.listNotifySubscriptions({ active: true });
    const guarded = await guardSubscriptions(active, this.deps.readPolicy, this.deps.groups);
    for (const { sub, reason } of guarded.refused) await this.outbox.pause(sub, `READ_ALLOW: ${reason}`);
    await noteUnchecked(this.deps, this.unchecked, guarded.unchecked, guarded.kept);
    const byScope = new Map<string, NotifySubscription[]>();
    const reads = new Map<string, readonly ReadScope[] | undefined>();
    for (const g of guarded.kept) {
      const key = pollKeyOf(g);
      byScope.set(key, [...(byScope.get(key) ?? []), g.sub]);
      reads.set(key, g.read);
    }
    round.scopes = byScope.size;
    const claimed: ClaimedScope[] = [];
    // Another replica that polled a scope less than most of a period ago has done this period's work.
    const minGap = Math.min(
      this.hurry ? URGENT_GAP_MS : Number.POSITIVE_INFINITY,
      Math.floor(this.settings.pollMs * 0.8),
    );
    this.hurry = false;
    // One statement claims them all (a round trip each would cost more than the rest of an idle poll).
    const claims = await store.claimNotifyScopes([...byScope.keys()], this.owner, now, this.settings.leaseMs, minGap);
    for (const [scopeKey, list] of byScope) {
      const state = claims.get(scopeKey);
      if (state === undefined) continue;
      // A new scope starts at its oldest conversation's `notify on`; each conversation then keeps to its own since.
      const since = Math.min(...list.map((s) => s.since.getTime()));
      const mark = state.watermark?.getTime() ?? since;
      const from = Math.max(now.getTime() - MAX_LOOKBACK_MS, Math.min(mark, since) - this.settings.overlapMs);
      const read = reads.get(scopeKey);
      claimed.push({
        scopeKey,
        ...(read === undefined ? {} : { read }),
        subs: list,
        filters: (list[0] as NotifySubscription).filters as CommandFilters,
        from: new Date(from),
        alertsAfter: state.alertsSeen ?? new Date(since),
      });
    }
    round.claimed = claimed.length;
    round.claimMs = Math.round(performance.now() - started);
    if (claimed.length === 0 || this.deps.data.notifyJobs === undefined) {
      round.ownMs = Math.round(performance.now() - started);
      return round;
    }
    const renew = setInterval(
      () => {
        const at = this.deps.clock();
        const keys = claimed.map((c) => c.scopeKey);
        void store.renewNotifyScopes(keys, this.owner, at, this.settings.leaseMs).catch(() => []);
      },
      Math.max(1_000, this.settings.leaseMs / 3),
    );
    renew.unref?.();
    try {
      await this.pollClaimed(claimed, now, round);
    } finally {
      clearInterval(renew);
    }
    round.ownMs = Math.round(performance.now() - started - round.readMs);
    if (round.posted + round.updated + round.failed > 0) {
      this.deps.log.info({ ...round }, `notification poll: ${round.posted} posted, ${round.updated} updated`);
    }
    return round;
  }

  private async pollClaimed(claimed: ClaimedScope[], now: Date, round: NotifyRound): Promise<void> {
    const { store } = this.deps;
    const reading = performance.now();
    let results: DataResult<NotifyJobs>[];
    let names: SubscriptionNames;
    let alerts: Awaited<ReturnType<typeof store.listNotifyAlerts>>;
    let open: NotifyMessage[];
    const oldestAlerts = new Date(Math.min(...claimed.map((c) => c.alertsAfter.getTime())));
    try {
      const requests = claimed.map((c) => ({
        ...(c.read === undefined ? {} : { read: c.read }),
        request: { filters: toBackupFilters(c.filters), from: c.from },
      }));
      const notifyJobs = this.deps.data.notifyJobs as NonNullable<typeof this.deps.data.notifyJobs>;
      [results, names, alerts, open] = await Promise.all([
        readJobsByGuard(notifyJobs.bind(this.deps.data), requests),
        this.names(now),
        store.listNotifyAlerts(oldestAlerts, now),
        // Every conversation's open messages in one query: fixes are looked for in all of them each poll.
        store.listAllOpenNotifyMessages(new Date(now.getTime() - this.settings.fixWindowMs)),
      ]);
    } catch (err) {
      this.deps.log.warn({ err, scopes: claimed.length }, 'could not read new backup jobs; the next poll tries again');
      await store.finishNotifyScopes(
        this.owner,
        claimed.map((c) => ({
          scopeKey: c.scopeKey,
          polledAt: now,
          ok: false,
          detail: 'Azure Resource Graph did not answer',
        })),
      );
      return;
    } finally {
      round.readMs = Math.round(performance.now() - reading);
    }
    const openBy = new Map<string, NotifyMessage[]>();
    for (const m of open) {
      const key = `${m.platform}|${m.conversationKey}`;
      openBy.set(key, [...(openBy.get(key) ?? []), m]);
    }
    const work = claimed.flatMap((scope, i) => {
      const result = results[i] as DataResult<NotifyJobs>;
      const polled = result.value.failed.map(eventOfJob).filter((e): e is FailureEvent => e !== undefined);
      const alerted = alerts
        .filter((a) => a.receivedAt.getTime() > scope.alertsAfter.getTime())
        .map((a) => a.event as FailureEvent)
        .filter((e) => alertMatches(e, scope.filters, names) && alertReadable(e, scope.read));
      const events = [...polled, ...alerted];
      const good = goodByItem(result.value.good);
      return scope.subs.map((sub) => ({ sub, events, good }));
    });
    // Every conversation of every claimed scope, a few at a time (each platform paces its own rate limits).
    const telling = performance.now();
    await forEachLimited(
      work,
      this.settings.postConcurrency,
      ({ sub, events, good }) => {
        const mine = openBy.get(`${sub.platform}|${sub.conversationKey}`) ?? [];
        return this.tellConversation(sub, mine, events, good, names, now, round);
      },
      ({ sub }, err) => {
        round.failed++;
        this.deps.log.error({ err, conversation: sub.conversationKey }, 'could not notify a conversation');
      },
    );
    round.tellMs = Math.round(performance.now() - telling);
    const finishing = performance.now();
    await store.finishNotifyScopes(
      this.owner,
      claimed.map((scope, i) => {
        const result = results[i] as DataResult<NotifyJobs>;
        // Only a cut list of failures leaves jobs unread that matter; more good jobs than one read holds (a busy
        // scope's window) only delays a "fixed", and must not keep the watermark still for ever.
        const complete = result.partial.length === 0 && result.value.failed.length < NOTIFY_JOB_LIMIT;
        return {
          scopeKey: scope.scopeKey,
          polledAt: now,
          ok: complete,
          detail: complete ? null : 'Resource Graph answered only in part; the next poll reads the window again',
          // A partial answer may have missed jobs: the window stays open until a complete one.
          ...(complete ? { watermark: now } : {}),
          alertsSeen: now,
        };
      }),
    );
    round.finishMs = Math.round(performance.now() - finishing);
  }

  /** One conversation: fixes first (they may close messages), then the new failures, once. */
  private async tellConversation(
    sub: NotifySubscription,
    open: readonly NotifyMessage[],
    events: FailureEvent[],
    good: ReadonlyMap<string, Job>,
    names: SubscriptionNames,
    now: Date,
    round: NotifyRound,
  ): Promise<void> {
    const { store } = this.deps;
    await this.outbox.markFixed(sub, open, good, now, round);
    const recent = events.filter((e) => Date.parse(e.failedAt) >= sub.since.getTime() && !fixedAlready(e, good));
    if (recent.length === 0) return;
    const snoozed = new Set(
      (await store.listSnoozes(sub.platform, sub.conversationKey, now)).map((s) => s.itemKey.toLowerCase()),
    );
    const candidates = recent.filter((e) => !snoozed.has(e.itemKey));
    if (candidates.length === 0) return;
    const itemKeys = [...new Set(candidates.map((e) => e.itemKey))];
    const earlier = await store.findNotifyAnnouncements(
      sub.platform,
      sub.conversationKey,
      itemKeys,
      new Date(now.getTime() - this.settings.repeatWindowMs),
    );
    // An alert and a polled job about the same failure are one: recorded (so never posted), not told twice.
    const told = candidates.filter((e) =>
      earlier.some(
        (a) =>
          a.eventKey !== e.eventKey &&
          sameFailure(a, e) &&
          a.eventKey.startsWith('alert:') !== e.eventKey.startsWith('alert:'),
      ),
    );
    const fresh = candidates.filter((e) => !told.includes(e));
    const entries = candidates.map((e) => ({
      eventKey: e.eventKey,
      itemKey: e.itemKey,
      failedAt: new Date(e.failedAt),
    }));
    const recorded = new Set(await store.recordNotifyAnnouncements(sub.platform, sub.conversationKey, entries, now));
    // Two sources in one poll (an alert and its job): the first one stands for both.
    const news: FailureEvent[] = [];
    for (const e of fresh) {
      if (!recorded.has(e.eventKey)) continue;
      if (
        news.some(
          (n) => n.source !== e.source && sameFailure({ itemKey: n.itemKey, failedAt: new Date(n.failedAt) }, e),
        )
      )
        continue;
      news.push(e);
    }
    if (news.length === 0) return;
    await store.setNotifyFound(sub.platform, sub.conversationKey, now);
    // Repeats: an item announced within the repeat window updates that message instead of a new one.
    const byMessage = new Map<string, FailureEvent[]>();
    const rest: FailureEvent[] = [];
    for (const e of news) {
      const before = earlier.find((a) => a.itemKey === e.itemKey && a.messageId !== null);
      if (before?.messageId) byMessage.set(before.messageId, [...(byMessage.get(before.messageId) ?? []), e]);
      else rest.push(e);
    }
    for (const [id, list] of byMessage) {
      const ok = await this.outbox.change(id, sub, now, (state) => addFailures(state, list, names));
      if (ok) {
        round.updated++;
        await store.attachNotifyMessage(
          sub.platform,
          sub.conversationKey,
          list.map((e) => e.eventKey),
          id,
        );
      } else rest.push(...list);
    }
    if (rest.length > 0) await this.outbox.post(sub, rest, names, now, round);
  }

  private async names(now: Date): Promise<SubscriptionNames> {
    if (this.known === undefined || now.getTime() - this.known.at > NAMES_MAX_AGE_MS || now.getTime() < this.known.at) {
      this.known = { names: await subscriptionNames(this.deps.data), at: now.getTime() };
    }
    return this.known.names;
  }

  /** The conversation is gone (bot removed, channel archived): see NotifyOutbox.pause. */
  pause(sub: Pick<NotifySubscription, 'platform' | 'conversationKey'>, reason: string): Promise<void> {
    return this.outbox.pause(sub, reason);
  }
}
