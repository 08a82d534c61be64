// Polls for new backup failures on every replica: each scope (the filters conversations share) is claimed in the
// store for one poll at a time, read once for all its conversations from its watermark (minus an overlap, as jobs
// reach Resource Graph late), and each conversation is told what it was not told before, once, grouped in one
// message; repeats and fixes update the earlier message in place.
import { randomBytes } from 'node:crypto';
import type { NotifySubscription } from '../../store/store';
import { toBackupFilters } from '../commands/filters';
import type { CommandFilters } from '../commands/types';
import { forEachLimited } from '../concurrency';
import type { ConversationAddress } from '../conversation-port';
import { DeliveryError } from '../delivery';
import type { SubscriptionNames } from '../digest/names';
import { subscriptionNames } from '../digest/run';
import { describeScope } from '../digest/settings-view';
import type { Job } from '../domain/jobs';
import type { FailureEvent, NotifyJobs } from '../domain/notify';
import type { DataResult } from '../domain/result';
import { Periodic } from '../periodic';
import { createTimeFormat } from '../views/shared/time';
import { alertMatches, eventOfJob, fixedAlready, goodByItem, jobTime, sameFailure } from './events';
import { addFailures, isOpen, type NotifyMessageState, newMessageState, renderNotification } from './message';
import { DEFAULT_NOTIFY_SETTINGS, type NotifyDeps, type NotifySettings } from './ports';

/** What one poll did, for logs, tests and the bench. */
export interface NotifyRound {
  scopes: number;
  claimed: number;
  posted: number;
  updated: number;
  failed: number;
  /** Wall time (ms) in the bot's own work and waiting on Resource Graph. */
  ownMs: number;
  readMs: number;
}

interface ClaimedScope {
  scopeKey: string;
  subs: NotifySubscription[];
  filters: CommandFilters;
  from: Date;
  alertsAfter: Date;
}

/** Resource Graph keeps 14 days of jobs, but a bot down for longer than a day tells about the last day only. */
const MAX_LOOKBACK_MS = 24 * 3_600_000;
/** Alerts may come in bursts: each scope is read at most this often for them (Resource Graph has a quota). */
const URGENT_GAP_MS = 10_000;

export class NotifyPoller {
  private readonly settings: NotifySettings;
  private readonly owner: string;
  private readonly periodic: Periodic<NotifyRound>;
  private hurry = false;

  constructor(private readonly deps: NotifyDeps) {
    this.settings = { ...DEFAULT_NOTIFY_SETTINGS, ...deps.settings };
    this.owner = deps.replicaId ?? `notify-${randomBytes(6).toString('hex')}`;
    this.periodic = new Periodic(
      () => this.poll(),
      () => this.settings.pollMs,
      (err) => this.deps.log.error({ err }, 'a notification poll failed'),
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
    const round: NotifyRound = { scopes: 0, claimed: 0, posted: 0, updated: 0, failed: 0, ownMs: 0, readMs: 0 };
    const subs = await store.listNotifySubscriptions({ active: true });
    const byScope = new Map<string, NotifySubscription[]>();
    for (const s of subs) byScope.set(s.scopeKey, [...(byScope.get(s.scopeKey) ?? []), s]);
    round.scopes = byScope.size;
    const claimed: ClaimedScope[] = [];
    // Another replica that polled a scope less than most of a period ago has done this period's work.
    const minGap = Math.min(
      this.hurry ? URGENT_GAP_MS : Number.POSITIVE_INFINITY,
      Math.floor(this.settings.pollMs * 0.8),
    );
    this.hurry = false;
    for (const [scopeKey, list] of byScope) {
      const claim = await store.claimNotifyScope(scopeKey, this.owner, now, this.settings.leaseMs, minGap);
      if (!claim.claimed) continue;
      // A new scope starts at its oldest conversation's `notify on`; each conversation then keeps to its own since.
      const since = Math.min(...list.map((s) => s.since.getTime()));
      const mark = claim.state.watermark?.getTime() ?? since;
      const from = Math.max(now.getTime() - MAX_LOOKBACK_MS, Math.min(mark, since) - this.settings.overlapMs);
      claimed.push({
        scopeKey,
        subs: list,
        filters: (list[0] as NotifySubscription).filters as CommandFilters,
        from: new Date(from),
        alertsAfter: claim.state.alertsSeen ?? new Date(since),
      });
    }
    round.claimed = claimed.length;
    if (claimed.length === 0 || this.deps.data.notifyJobs === undefined) {
      round.ownMs = Math.round(performance.now() - started);
      return round;
    }
    const renew = setInterval(
      () => {
        const at = this.deps.clock();
        for (const c of claimed)
          void store.renewNotifyScope(c.scopeKey, this.owner, at, this.settings.leaseMs).catch(() => false);
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
    const oldestAlerts = new Date(Math.min(...claimed.map((c) => c.alertsAfter.getTime())));
    try {
      const requests = claimed.map((c) => ({ filters: toBackupFilters(c.filters), from: c.from }));
      [results, names, alerts] = await Promise.all([
        (this.deps.data.notifyJobs as NonNullable<typeof this.deps.data.notifyJobs>)(requests, { fresh: true }),
        subscriptionNames(this.deps.data),
        store.listNotifyAlerts(oldestAlerts, now),
      ]);
    } catch (err) {
      this.deps.log.warn({ err, scopes: claimed.length }, 'could not read new backup jobs; the next poll tries again');
      for (const c of claimed) {
        await store.finishNotifyScope(c.scopeKey, this.owner, {
          polledAt: now,
          ok: false,
          detail: 'Azure Resource Graph did not answer',
        });
      }
      return;
    } finally {
      round.readMs = Math.round(performance.now() - reading);
    }
    for (const [i, scope] of claimed.entries()) {
      const result = results[i] as DataResult<NotifyJobs>;
      const polled = result.value.failed.map(eventOfJob).filter((e): e is FailureEvent => e !== undefined);
      const alerted = alerts
        .filter((a) => a.receivedAt.getTime() > scope.alertsAfter.getTime())
        .map((a) => a.event as FailureEvent)
        .filter((e) => alertMatches(e, scope.filters, names));
      const good = goodByItem(result.value.good);
      await forEachLimited(
        scope.subs,
        this.settings.postConcurrency,
        (sub) => this.tellConversation(sub, [...polled, ...alerted], good, names, now, round),
        (sub, err) => {
          round.failed++;
          this.deps.log.error({ err, conversation: sub.conversationKey }, 'could not notify a conversation');
        },
      );
      const complete = result.partial.length === 0 && !result.value.hasMore;
      await store.finishNotifyScope(scope.scopeKey, this.owner, {
        polledAt: now,
        ok: complete,
        detail: complete ? null : 'Resource Graph answered only in part; the next poll reads the window again',
        // A partial answer may have missed jobs: the window stays open until a complete one.
        ...(complete ? { watermark: now } : {}),
        alertsSeen: now,
      });
    }
  }

  /** One conversation: fixes first (they may close messages), then the new failures, once. */
  private async tellConversation(
    sub: NotifySubscription,
    events: FailureEvent[],
    good: ReadonlyMap<string, Job>,
    names: SubscriptionNames,
    now: Date,
    round: NotifyRound,
  ): Promise<void> {
    const { store } = this.deps;
    await this.markFixed(sub, good, now, round);
    const snoozed = new Set(
      (await store.listSnoozes(sub.platform, sub.conversationKey, now)).map((s) => s.itemKey.toLowerCase()),
    );
    const candidates = events.filter(
      (e) => Date.parse(e.failedAt) >= sub.since.getTime() && !snoozed.has(e.itemKey) && !fixedAlready(e, good),
    );
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
      const ok = await this.change(id, sub, now, (state) => addFailures(state, list, names));
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
    if (rest.length > 0) await this.post(sub, rest, names, now, round);
  }

  private async post(
    sub: NotifySubscription,
    events: FailureEvent[],
    names: SubscriptionNames,
    now: Date,
    round: NotifyRound,
  ): Promise<void> {
    const { store, log } = this.deps;
    const state = newMessageState(sub.filters as CommandFilters, sub.timezone, now);
    addFailures(state, events, names);
    const reply = await this.render(state, now);
    const delivery = this.deps.delivery;
    if (delivery === undefined) {
      round.failed++;
      log.warn({ conversation: sub.conversationKey }, `no ${sub.platform} channel is running to post a notification`);
      return;
    }
    const address: ConversationAddress = {
      platform: sub.platform as ConversationAddress['platform'],
      key: sub.conversationKey,
      data: sub.address,
    };
    let ref: Awaited<ReturnType<typeof delivery.post>>;
    try {
      ref = await delivery.post(address, reply);
    } catch (err) {
      round.failed++;
      const failure = err instanceof DeliveryError ? err : new DeliveryError('failed', 'error', String(err));
      // Recorded as announced already: a post that may have landed is never repeated.
      log.warn({ err, conversation: sub.conversationKey, kind: failure.kind }, 'could not post a notification');
      if (failure.kind === 'gone') await this.pause(sub, `the bot can no longer post here (${failure.code})`);
      return;
    }
    const message = await store.createNotifyMessage({
      platform: sub.platform,
      conversationKey: sub.conversationKey,
      ref: ref ?? null,
      state,
      open: true,
      at: now,
    });
    await store.attachNotifyMessage(
      sub.platform,
      sub.conversationKey,
      events.map((e) => e.eventKey),
      message.id,
    );
    round.posted++;
    log.info({ conversation: sub.conversationKey, failures: events.length }, 'posted a failure notification');
  }

  /** Open messages whose items a later good backup fixed: updated in place, saying by what. */
  private async markFixed(sub: NotifySubscription, good: ReadonlyMap<string, Job>, now: Date, round: NotifyRound) {
    if (good.size === 0) return;
    const since = new Date(now.getTime() - this.settings.fixWindowMs);
    const open = await this.deps.store.listOpenNotifyMessages(sub.platform, sub.conversationKey, since);
    for (const message of open) {
      const state = message.state as NotifyMessageState;
      const fixes = state.items
        .filter((i) => i.fixedAt === undefined)
        .map((i) => ({ item: i, job: good.get(i.itemKey) }))
        .filter(
          (f): f is { item: (typeof f)['item']; job: Job } =>
            f.job !== undefined && (jobTime(f.job) ?? '') > f.item.lastAt,
        );
      if (fixes.length === 0) continue;
      const by = await Promise.all(fixes.map((f) => this.fixedBy(f.job, f.item.lastAt)));
      const ok = await this.change(message.id, sub, now, (s) => {
        for (const [k, f] of fixes.entries()) {
          const item = s.items.find((i) => i.itemKey === f.item.itemKey);
          if (item === undefined || item.fixedAt !== undefined) continue;
          item.fixedAt = jobTime(f.job) as string;
          item.fixedBy = by[k] as string;
        }
      });
      if (ok) round.updated++;
    }
  }

  /** "by a retry from Ana" when the bot's audit log started that job; else on-demand or scheduled. */
  private async fixedBy(job: Job, after: string): Promise<string> {
    if (!job.operation.adhoc) return 'by the schedule';
    const records = await this.deps.store.queryAudit({ since: new Date(after), limit: 1000 });
    const retry = records.find(
      (r) => r.action === 'retry' && r.azureJobId !== null && r.azureJobId?.toLowerCase() === job.id.toLowerCase(),
    );
    if (retry === undefined) return 'by an on-demand backup';
    return `by a retry from ${retry.actor.name ?? retry.actor.userId}`;
  }

  /** Changes a stored message (compare-and-set) and updates the posted card; false when it could not be changed. */
  private async change(
    id: string,
    sub: NotifySubscription,
    now: Date,
    edit: (state: NotifyMessageState) => void,
  ): Promise<boolean> {
    const { store, log } = this.deps;
    for (let attempt = 0; attempt < 3; attempt++) {
      const message = await store.getNotifyMessage(id);
      if (message === undefined) return false;
      const state = structuredClone(message.state) as NotifyMessageState;
      edit(state);
      if (!(await store.updateNotifyMessage(id, message.version, { state, open: isOpen(state), at: now }))) continue;
      if (message.ref !== null && this.deps.updater !== undefined) {
        try {
          await this.deps.updater.update(
            message.ref as Parameters<NonNullable<NotifyDeps['updater']>['update']>[0],
            await this.render(state, now),
          );
        } catch (err) {
          log.warn({ err, conversation: sub.conversationKey }, 'could not update a notification in place');
        }
      }
      return true;
    }
    return false;
  }

  private render(state: NotifyMessageState, now: Date) {
    return renderNotification({
      state,
      time: createTimeFormat(state.timeZone),
      now,
      stash: this.deps.stash,
      offerRetry: this.deps.offerRetry,
      maxItems: this.settings.maxItems,
      scope: describeScope(state.filters),
    });
  }

  /** The conversation is gone (bot removed, channel archived): stop posting there, and say so in the audit log. */
  async pause(sub: Pick<NotifySubscription, 'platform' | 'conversationKey'>, reason: string): Promise<void> {
    const { store } = this.deps;
    const at = this.deps.clock();
    if (!(await store.pauseNotifySubscription(sub.platform, sub.conversationKey, reason, at))) return;
    this.deps.log.warn({ conversation: sub.conversationKey, reason }, 'paused notifications');
    await store.appendAudit({
      at,
      actor: { platform: 'bot', userId: 'notify-poller', name: 'the bot' },
      channel: sub.conversationKey,
      action: 'notify-paused',
      target: sub.conversationKey,
      result: 'ok',
      details: { item: 'notifications', reason },
    });
  }
}
