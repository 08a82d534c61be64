// Runs the digests that are due, on every replica: each occurrence is claimed in the store (one replica posts it; a
// dead one's claim runs out and another takes over, marked late), too-late runs are skipped, each distinct scope is
// read once for every conversation that shares it, and a platform's refusal pauses or explains instead of retrying.
import { randomBytes } from 'node:crypto';
import type { DigestRunKey, DigestSubscription } from '../../store/store';
import { botAudit, DIGEST_PUSH } from '../bot-audit';
import type { CommandFilters } from '../commands/types';
import { forEachLimited } from '../concurrency';
import type { ConversationAddress } from '../conversation-port';
import { DeliveryError } from '../delivery';
import type { DigestData } from '../domain/digest';
import type { DataResult } from '../domain/result';
import { newErrorRef } from '../errors';
import type { SubscriptionNames } from '../names';
import { Periodic } from '../periodic';
import { errorReply } from '../views/error';
import { createTimeFormat } from '../views/shared/time';
import { DEFAULT_DIGEST_SETTINGS, type DigestDeps, type DigestSettings } from './ports';
import { type GuardedRun, guardRuns, readByGuard, skipUnreadable, snapshotKeyOf } from './read-guard';
import { buildDigest } from './report';
import { previousOf, recoveredSinceOf, scopeRequest } from './run';
import { type DigestSchedule, latestOccurrence, nextOccurrence } from './schedule';
import { digestTitle } from './settings-view';
import { takeSnapshot } from './snapshot';

interface Claimed extends GuardedRun {
  run: DigestRunKey;
  attempt: number;
}

/** What one round did, for logs and tests. */
export interface DigestRound {
  due: number;
  claimed: number;
  posted: number;
  quiet: number;
  skipped: number;
  failed: number;
  scopes: number;
  /** Wall time (ms, not the injected clock) spent claiming, reading Resource Graph, and posting. */
  claimMs: number;
  readMs: number;
  postMs: number;
}

const scheduleOf = (s: DigestSubscription): DigestSchedule => ({ time: s.time, timeZone: s.timezone, days: s.days });
const keyOf = (s: DigestSubscription): DigestRunKey => ({
  platform: s.platform,
  conversationKey: s.conversationKey,
  dueAt: s.nextRunAt,
});

export class DigestScheduler {
  private readonly settings: DigestSettings;
  private readonly owner: string;
  private readonly periodic: Periodic<DigestRound>;

  constructor(private readonly deps: DigestDeps) {
    this.settings = { ...DEFAULT_DIGEST_SETTINGS, ...deps.settings };
    this.owner = deps.replicaId ?? `digest-${randomBytes(6).toString('hex')}`;
    this.periodic = new Periodic(
      () => this.runRound(),
      () => this.settings.checkMs,
      (err) => this.deps.log.error({ err }, 'a digest round failed'),
      (round) => this.deps.metrics?.digests(round),
    );
  }

  /** Checks for due digests every `checkMs` until stopped; returns the stop. */
  start(): () => void {
    return this.periodic.start();
  }

  /** Stops checking and waits for a round in progress. */
  close(): Promise<void> {
    return this.periodic.close();
  }

  /** One round now (tests drive the clock and call this); a round already running is waited for instead. */
  tick(): Promise<DigestRound> {
    return this.periodic.tick();
  }

  private async runRound(): Promise<DigestRound> {
    const { store, log } = this.deps;
    const now = this.deps.clock();
    const due = await store.listDueDigests(now);
    const report: DigestRound = {
      due: due.length,
      claimed: 0,
      posted: 0,
      quiet: 0,
      skipped: 0,
      failed: 0,
      scopes: 0,
      claimMs: 0,
      readMs: 0,
      postMs: 0,
    };
    const claiming = performance.now();
    const claimed: Claimed[] = [];
    const queue = [...due];
    for (let sub = queue.shift(); sub !== undefined; sub = queue.shift()) {
      const run = keyOf(sub);
      const claim = await store.claimDigestRun(run, this.owner, now, this.settings.leaseMs);
      if (!claim.claimed) {
        if (claim.abandoned) {
          const next = nextOccurrence(scheduleOf(sub), run.dueAt);
          if (await store.closeAbandonedDigestRun(run, now, next)) {
            log.warn(
              { conversation: sub.conversationKey, dueAt: run.dueAt },
              'a digest was being posted by a replica that stopped; not posting it again',
            );
          }
        }
        continue;
      }
      // Between the listing and the claim the digest may have been turned off, paused or rescheduled.
      const current = await store.getDigestSubscription(sub.platform, sub.conversationKey);
      if (current === undefined || current.pausedAt !== null || current.nextRunAt.getTime() !== run.dueAt.getTime()) {
        await store.finishDigestRun(run, this.owner, {
          status: 'skipped',
          detail: 'the digest was changed meanwhile',
          late: false,
          finishedAt: now,
          nextRunAt: run.dueAt,
        });
        continue;
      }
      if (now.getTime() - run.dueAt.getTime() > this.settings.maxLateMs) {
        const next = await this.skipMissed(sub, run, now);
        report.skipped++;
        // A newer occurrence still fresh (the bot was down for a day but is back within hours of today's): run it now.
        if (next.getTime() <= now.getTime()) queue.push({ ...current, nextRunAt: next });
        continue;
      }
      claimed.push({ sub: current, run, attempt: claim.attempt });
    }
    report.claimed = claimed.length;
    report.claimMs = Math.round(performance.now() - claiming);
    if (claimed.length === 0) return report;
    log.info({ claimed: claimed.length, replica: this.owner }, 'running due digests');
    const renew = setInterval(
      () => {
        const at = this.deps.clock();
        for (const c of claimed)
          void store.renewDigestRun(c.run, this.owner, at, this.settings.leaseMs).catch(() => false);
      },
      Math.max(1_000, this.settings.leaseMs / 3),
    );
    renew.unref?.();
    try {
      await this.runClaimed(claimed, report);
    } finally {
      clearInterval(renew);
    }
    return report;
  }

  /** A run missed by more than maxLate: recorded as skipped, with a log line; the next one is the newest still fresh. */
  private async skipMissed(sub: DigestSubscription, run: DigestRunKey, now: Date): Promise<Date> {
    const schedule = scheduleOf(sub);
    const latest = latestOccurrence(schedule, new Date(run.dueAt.getTime() + 1), now);
    const fresh = latest !== undefined && now.getTime() - latest.getTime() <= this.settings.maxLateMs;
    const next = fresh ? latest : nextOccurrence(schedule, now);
    const hours = Math.round((now.getTime() - run.dueAt.getTime()) / 3_600_000);
    await this.deps.store.finishDigestRun(run, this.owner, {
      status: 'skipped',
      detail: `missed by about ${hours} h (the bot was not running)`,
      late: false,
      finishedAt: now,
      nextRunAt: next,
    });
    this.deps.log.warn(
      { conversation: sub.conversationKey, platform: sub.platform, dueAt: run.dueAt, next },
      'skipped a digest that was due too long ago',
    );
    return next;
  }

  private async runClaimed(all: Claimed[], report: DigestRound): Promise<void> {
    const { store } = this.deps;
    // READ_ALLOW, checked when the digest runs (rules and groups change): each conversation reads what it may now.
    const { kept: claimed, refused } = await guardRuns(all, this.deps.readPolicy, this.deps.groups);
    for (const { run: c, reason, detail } of refused) {
      const next = nextOccurrence(scheduleOf(c.sub), c.run.dueAt);
      await skipUnreadable(this.deps, this.owner, c.run, c.sub, reason, next, detail);
      report.skipped++;
    }
    if (claimed.length === 0) return;
    // Conversations share a read only when both their filters and their guardrails are the same.
    const byScope = new Map<string, Claimed[]>();
    for (const c of claimed) byScope.set(snapshotKeyOf(c), [...(byScope.get(snapshotKeyOf(c)) ?? []), c]);
    const groups = [...byScope.values()];
    report.scopes = groups.length;
    const now = this.deps.clock();
    const requests = groups.map((group) => {
      const oldest = Math.min(...group.map((c) => c.sub.lastSnapshotAt?.getTime() ?? now.getTime()));
      const filters = (group[0] as Claimed).sub.filters as CommandFilters;
      return scopeRequest(filters, recoveredSinceOf(oldest >= now.getTime() ? undefined : new Date(oldest), now));
    });
    let results: DataResult<DigestData>[];
    let names: SubscriptionNames[];
    const reading = performance.now();
    try {
      [results, names] = await readByGuard(this.deps.data, groups, requests);
    } catch (err) {
      const ref = newErrorRef();
      this.deps.log.error({ err, ref, scopes: groups.length }, `could not read the data of due digests (ref ${ref})`);
      await this.forEach(claimed, (c) => this.postFailure(c, ref, report));
      return;
    }
    report.readMs = Math.round(performance.now() - reading);
    const posting = performance.now();
    const takenAt = this.deps.clock();
    for (const [i, group] of groups.entries()) {
      const result = results[i] as DataResult<DigestData>;
      const snapshot = takeSnapshot(result.value, result.partial.length === 0, new Set());
      await store.putDigestSnapshot(snapshotKeyOf(group[0] as Claimed), takenAt, snapshot);
      await this.forEach(group, (c) => this.postOne(c, result, names[i] as SubscriptionNames, takenAt, report));
    }
    report.postMs = Math.round(performance.now() - posting);
    this.deps.log.info({ ...report }, `digest round: ${report.posted} posted over ${report.scopes} scopes`);
  }

  private async postOne(
    c: Claimed,
    result: DataResult<DigestData>,
    names: SubscriptionNames,
    takenAt: Date,
    report: DigestRound,
  ): Promise<void> {
    const { store } = this.deps;
    const { sub, run } = c;
    const now = this.deps.clock();
    const late = c.attempt > 1 || now.getTime() - run.dueAt.getTime() > this.settings.lateAfterMs;
    const [previous, snoozes] = await Promise.all([
      previousOf(store, sub, sub.scopeKey, snapshotKeyOf(c)),
      store.listSnoozes(sub.platform, sub.conversationKey, now),
    ]);
    const built = await buildDigest({
      result,
      names,
      filters: sub.filters as CommandFilters,
      now,
      time: createTimeFormat(sub.timezone),
      ...(previous === undefined ? {} : { previous }),
      snoozes,
      kind: 'scheduled',
      title: digestTitle(sub.days),
      ...(late ? { lateFrom: run.dueAt } : {}),
      offerRetry: this.deps.offerRetry,
      stash: this.deps.stash,
      ...(this.deps.portal ? { portal: this.deps.portal } : {}),
    });
    const next = nextOccurrence(scheduleOf(sub), run.dueAt);
    const finish = (status: 'posted' | 'quiet' | 'failed', detail: string | null, snapshot: boolean) =>
      store.finishDigestRun(run, this.owner, {
        status,
        detail,
        late,
        finishedAt: this.deps.clock(),
        nextRunAt: next,
        ...(snapshot ? { snapshotAt: takenAt } : {}),
      });
    if (!built.hasNews && sub.quiet) {
      await finish('quiet', null, true);
      report.quiet++;
      return;
    }
    await this.deliver(
      c,
      { view: 'digest', model: built.model, summaryText: built.summaryText },
      report,
      (ok, detail) => finish(ok ? 'posted' : 'failed', detail, ok),
    );
  }

  /** Posts one reply for a claimed run; a platform refusal pauses (gone) or explains (not in channel), never re-posts. */
  private async deliver(
    c: Claimed,
    reply: Parameters<NonNullable<DigestDeps['delivery']>['post']>[1],
    report: DigestRound,
    finish: (ok: boolean, detail: string | null) => Promise<boolean>,
  ): Promise<void> {
    const { store, log } = this.deps;
    const { sub, run } = c;
    const delivery = this.deps.delivery;
    if (delivery === undefined) {
      await finish(false, `no ${sub.platform} channel is running to post it`);
      report.failed++;
      return;
    }
    if (!(await store.markDigestRunSending(run, this.owner, this.deps.clock()))) {
      log.warn({ conversation: sub.conversationKey }, 'lost a digest run to another replica before posting it');
      return;
    }
    const address: ConversationAddress = {
      platform: sub.platform as ConversationAddress['platform'],
      key: sub.conversationKey,
      data: sub.address,
    };
    try {
      await delivery.post(address, reply);
      await finish(true, null);
      report.posted++;
      log.info(
        { conversation: sub.conversationKey, platform: sub.platform, dueAt: run.dueAt, attempt: c.attempt },
        'posted a digest',
      );
      if ((sub.notes as { toldNotInChannel?: boolean } | null)?.toldNotInChannel)
        await store.setDigestNotes(sub.platform, sub.conversationKey, {});
    } catch (err) {
      report.failed++;
      const failure =
        err instanceof DeliveryError ? err : new DeliveryError('failed', 'error', String(err), { cause: err });
      log.warn(
        { err, conversation: sub.conversationKey, platform: sub.platform, kind: failure.kind },
        'could not post a digest',
      );
      await finish(false, `the platform refused it (${failure.code})`);
      if (failure.kind === 'gone') await this.pause(sub, `the bot can no longer post here (${failure.code})`);
      if (failure.kind === 'not-in-channel') await this.tellNotInChannel(sub);
    }
  }

  private async postFailure(c: Claimed, ref: string, report: DigestRound): Promise<void> {
    const time = createTimeFormat(c.sub.timezone);
    const next = nextOccurrence(scheduleOf(c.sub), c.run.dueAt);
    const reply = errorReply(
      {
        title: `${digestTitle(c.sub.days)}: Azure did not answer`,
        message: 'The digest could not be put together: Azure Resource Graph did not answer.',
        hint: `The next one runs ${time.dateTime(next.toISOString())}; digest now tries again at once.`,
        ref,
      },
      { stash: this.deps.stash, time, now: this.deps.clock() },
      false,
    );
    await this.deliver(c, reply, report, (ok, detail) =>
      this.deps.store.finishDigestRun(c.run, this.owner, {
        status: 'failed',
        detail: ok ? `Resource Graph did not answer (ref ${ref})` : detail,
        late: c.attempt > 1,
        finishedAt: this.deps.clock(),
        nextRunAt: next,
      }),
    );
  }

  /** The conversation is gone (bot removed, channel archived): stop posting there, and say so in the audit log. */
  async pause(sub: Pick<DigestSubscription, 'platform' | 'conversationKey'>, reason: string): Promise<void> {
    const { store, log } = this.deps;
    const at = this.deps.clock();
    // Teams announces one removal twice: pause and audit once.
    const current = await store.getDigestSubscription(sub.platform, sub.conversationKey);
    if (current === undefined || current.pausedAt !== null) return;
    if (!(await store.pauseDigestSubscription(sub.platform, sub.conversationKey, reason, at))) return;
    log.warn({ conversation: sub.conversationKey, platform: sub.platform, reason }, 'paused a digest');
    await store.appendAudit(botAudit(DIGEST_PUSH, sub.conversationKey, at, 'digest-paused', 'ok', reason));
  }

  /** Slack: the bot is not in the channel. The person who set the digest up hears it once, in a direct message. */
  private async tellNotInChannel(sub: DigestSubscription): Promise<void> {
    const notes = (sub.notes ?? {}) as { toldNotInChannel?: boolean };
    if (notes.toldNotInChannel || this.deps.delivery === undefined) return;
    const time = createTimeFormat(sub.timezone);
    const reply = errorReply(
      {
        title: 'Your digest could not be posted',
        message: `The ${digestTitle(sub.days).toLowerCase()} you set up in channel ${sub.conversationKey} could not be posted: the bot is not a member of that channel.`,
        hint: 'Invite it there (/invite @Backup in the channel); the next digest then arrives as scheduled.',
      },
      { stash: this.deps.stash, time, now: this.deps.clock() },
      false,
    );
    try {
      await this.deps.delivery.tell(sub.platform as ConversationAddress['platform'], sub.createdBy.userId, reply);
      await this.deps.store.setDigestNotes(sub.platform, sub.conversationKey, { ...notes, toldNotInChannel: true });
    } catch (err) {
      this.deps.log.warn(
        { err, conversation: sub.conversationKey },
        'could not tell the creator that the bot is not in the channel',
      );
    }
  }

  private forEach(list: Claimed[], work: (c: Claimed) => Promise<void>): Promise<void> {
    return forEachLimited(list, this.settings.postConcurrency, work, (c, err) =>
      this.deps.log.error({ err, conversation: c.sub.conversationKey }, 'a digest run failed'),
    );
  }
}
