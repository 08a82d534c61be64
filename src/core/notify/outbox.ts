// The messages of failure notifications once the poller has decided what is news: posting a new one, updating one in
// place (a repeat failure, a fix, said by what), and pausing a conversation the platform says is gone.
import type { NotifyMessage, NotifySubscription } from '../../store/store';
import { botAudit, NOTIFY_PUSH } from '../bot-audit';
import type { CommandFilters } from '../commands/types';
import type { ConversationAddress } from '../conversation-port';
import { DeliveryError } from '../delivery';
import { describeScope } from '../digest/settings-view';
import type { Job } from '../domain/jobs';
import type { FailureEvent } from '../domain/notify';
import type { SubscriptionNames } from '../names';
import { errorReply } from '../views/error';
import { createTimeFormat } from '../views/shared/time';
import { jobTime } from './events';
import { addFailures, isOpen, type NotifyMessageState, newMessageState, renderNotification } from './message';
import type { NotifyRound } from './poller';
import type { NotifyDeps, NotifySettings } from './ports';

export class NotifyOutbox {
  constructor(
    private readonly deps: NotifyDeps,
    private readonly settings: NotifySettings,
  ) {}

  async post(
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
      if (failure.kind === 'not-in-channel') await this.tellNotInChannel(sub, now);
      return;
    }
    if ((sub.notes as { toldNotInChannel?: boolean } | null)?.toldNotInChannel) {
      await store.setNotifyNotes(sub.platform, sub.conversationKey, {});
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
  async markFixed(
    sub: NotifySubscription,
    open: readonly NotifyMessage[],
    good: ReadonlyMap<string, Job>,
    now: Date,
    round: NotifyRound,
  ) {
    if (good.size === 0) return;
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
      // The audit log is read once for the message, and only when an on-demand backup fixed something.
      const audit = fixes.some((f) => f.job.operation.adhoc) ? await this.retriesByJob() : new Map<string, string>();
      const by = fixes.map((f) => fixedBy(f.job, audit));
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

  /**
   * Who started each backup from chat, by lower-case Azure job id. By job id, not by time: the audit log's times are
   * the database's clock. The newest 1,000 records reach back far enough for a fix seen within the poll's window.
   */
  private async retriesByJob(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const r of await this.deps.store.queryAudit({ limit: 1000 })) {
      if (r.action === 'retry' && r.azureJobId) out.set(r.azureJobId.toLowerCase(), r.actor.name ?? r.actor.userId);
    }
    return out;
  }

  /** Changes a stored message (compare-and-set) and updates the posted card; false when it could not be changed. */
  async change(
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
    await store.appendAudit(botAudit(NOTIFY_PUSH, sub.conversationKey, at, 'notify-paused', 'ok', reason));
  }

  /** Slack: the bot is not in the channel. Whoever turned notifications on hears it once, in a direct message. */
  private async tellNotInChannel(sub: NotifySubscription, now: Date): Promise<void> {
    const notes = (sub.notes ?? {}) as { toldNotInChannel?: boolean };
    if (notes.toldNotInChannel || this.deps.delivery === undefined) return;
    const reply = errorReply(
      {
        title: 'A failure notification could not be posted',
        message: `New backup failures could not be posted in channel ${sub.conversationKey}, where you turned notifications on: the bot is not a member of that channel.`,
        hint: 'Invite it there (/invite @Backup in the channel); later failures then arrive as they happen.',
      },
      { stash: this.deps.stash, time: createTimeFormat(sub.timezone), now },
      false,
    );
    try {
      await this.deps.delivery.tell(sub.platform as ConversationAddress['platform'], sub.createdBy.userId, reply);
      await this.deps.store.setNotifyNotes(sub.platform, sub.conversationKey, { ...notes, toldNotInChannel: true });
    } catch (err) {
      this.deps.log.warn(
        { err, conversation: sub.conversationKey },
        'could not tell the creator that the bot is not in the channel',
      );
    }
  }
}

/** "by a retry from Ana" when the bot's audit log started that job; else on-demand or scheduled. */
function fixedBy(job: Job, retries: ReadonlyMap<string, string>): string {
  if (!job.operation.adhoc) return 'by the schedule';
  const who = retries.get(job.id.toLowerCase());
  return who === undefined ? 'by an on-demand backup' : `by a retry from ${who}`;
}
