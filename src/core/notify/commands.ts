// `notify`: a conversation's failure notifications (settings, on, off). Changes are allowed by DIGEST_ALLOW (the rule
// for everything a conversation receives), announced in the conversation (the reply) and recorded in the audit log.

import type { NotifySubscription } from '../../store/store';
import { authorizeConversationChange } from '../authorize';
import { toBackupFilters } from '../commands/filters';
import type { CommandFilters, NotifyCommand } from '../commands/types';
import type { ConversationAddress, Reply } from '../conversation-port';
import { scopeKeyOf, subscriptionNames } from '../digest/run';
import { defaultZone } from '../digest/schedule';
import { describeScope, snoozeEntries } from '../digest/settings-view';
import type { DigestFact, DigestSettingsViewModel } from '../digest/view-models';
import { isSubscriptionId } from '../domain/filters';
import { UserFacingError } from '../errors';
import { checkReadable, readerFields } from '../read-access';
import type { CardButton } from '../view-models/common';
import type { ViewContext, ViewHandlers } from '../views/context';
import { commandButton } from '../views/shared/buttons';
import { createTimeFormat } from '../views/shared/time';
import { DEFAULT_NOTIFY_SETTINGS, type NotifyDeps } from './ports';

const TITLE = 'Failure notifications';

function requireConversation(ctx: ViewContext): ConversationAddress {
  if (ctx.conversation === undefined) {
    throw new UserFacingError('Notifications belong to a conversation.', {
      hint: 'Use this command in a Teams or Slack conversation with the bot.',
    });
  }
  return ctx.conversation;
}

export function notifyHandlers(deps: NotifyDeps): Pick<ViewHandlers, 'notify'> {
  const { store } = deps;
  const pollMinutes = () => Math.max(1, Math.round((deps.settings?.pollMs ?? DEFAULT_NOTIFY_SETTINGS.pollMs) / 60_000));

  async function audit(ctx: ViewContext, action: string, result: string, details: object) {
    await store.appendAudit({
      at: deps.clock(),
      actor: { platform: ctx.caller.platform, userId: ctx.caller.userId, name: ctx.caller.userName ?? null },
      channel: ctx.caller.channelId ?? ctx.conversation?.key ?? null,
      action,
      target: ctx.conversation?.key ?? null,
      result,
      details,
    });
  }

  /** DIGEST_ALLOW, checked before any change of what the conversation receives; refusals are audited too. */
  async function allow(ctx: ViewContext, action: string, doing: string): Promise<void> {
    const decision = authorizeConversationChange(ctx.caller, deps.policy, 'DIGEST_ALLOW', doing);
    if (decision.allowed) return;
    await audit(ctx, action, 'denied', { reason: decision.error.reason });
    throw decision.error;
  }

  async function show(ctx: ViewContext, title?: string, subtitle?: string, notes: string[] = []): Promise<Reply> {
    const address = requireConversation(ctx);
    const [sub, snoozes] = await Promise.all([
      store.getNotifySubscription(address.platform, address.key),
      store.listSnoozes(address.platform, address.key, ctx.now),
    ]);
    const time = sub === undefined ? ctx.time : createTimeFormat(sub.timezone);
    const facts: DigestFact[] = [];
    const buttons: Promise<CardButton>[] = [];
    const out = [...notes];
    if (sub === undefined) {
      facts.push({ label: 'Notifications', value: 'off in this conversation' });
      buttons.push(commandButton('Turn on', { verb: 'notify', action: 'on', filters: {} }, { stash: ctx.stash }));
    } else {
      const filters = sub.filters as CommandFilters;
      facts.push({ label: 'Covers', value: describeScope(filters) });
      facts.push({ label: 'Checks', value: `every ${pollMinutes()} min for failed backups` });
      const scope = await store.getNotifyScope(sub.scopeKey);
      if (scope?.lastPollAt) {
        const state = scope.lastPollOk === false ? ` (${scope.lastPollDetail ?? 'failed'})` : '';
        facts.push({ label: 'Last check', value: `${time.dateTime(scope.lastPollAt.toISOString())}${state}` });
      }
      facts.push({
        label: 'Last found',
        value: sub.lastFoundAt === null ? 'nothing yet' : time.dateTime(sub.lastFoundAt.toISOString()),
      });
      facts.push({
        label: 'Set up by',
        value: `${sub.createdBy.name ?? sub.createdBy.userId}, ${time.dateTime(sub.updatedAt.toISOString())}`,
      });
      if (sub.pausedAt !== null) {
        out.push(
          `⏸️ Paused ${time.dateTime(sub.pausedAt.toISOString())}: ${sub.pausedReason ?? 'no reason given'}. \`notify on\` resumes it.`,
        );
      }
      buttons.push(commandButton('Turn off', { verb: 'notify', action: 'off', filters: {} }, { stash: ctx.stash }));
    }
    buttons.push(
      commandButton('Snooze an item', { verb: 'snooze', filters: {} }, { stash: ctx.stash, newMessage: true }),
    );
    const head = title ?? TITLE;
    const line =
      subtitle ??
      (sub === undefined
        ? 'New backup failures are not posted here.'
        : `New failed backups are posted here · ${describeScope(sub.filters as CommandFilters)}`);
    const model: DigestSettingsViewModel = {
      title: head,
      subtitle: line,
      facts,
      notes: out,
      snoozes: await snoozeEntries(snoozes, time, ctx.now, ctx.stash),
      buttons: await Promise.all(buttons),
      generatedAt: ctx.time.asOf(ctx.now),
    };
    // The settings card of digests fits notifications too: facts, notes, snoozes and buttons.
    return { view: 'digest-settings', model, summaryText: `${head}: ${line}` };
  }

  async function turnOn(cmd: NotifyCommand, ctx: ViewContext): Promise<Reply> {
    const address = requireConversation(ctx);
    await allow(ctx, 'notify-on', "change this conversation's notifications");
    toBackupFilters(cmd.filters);
    // READ_ALLOW: a conversation without scope was refused by core; a sub: outside its scope is refused here (names
    // are looked up through the guardrail, so a name outside it is not found).
    const wanted = cmd.filters.subscription;
    if (wanted !== undefined && isSubscriptionId(wanted)) checkReadable(wanted, ctx.call.read);
    else if (wanted !== undefined && ctx.call.read !== undefined) {
      const known = await subscriptionNames(deps.data, ctx.call);
      if (![...known.values()].some((n) => n.toLowerCase() === wanted.toLowerCase())) {
        throw new UserFacingError(`No subscription named "${wanted}" is visible in this conversation.`, {
          hint: `Here you can read: ${[...known.values()].sort().slice(0, 10).join(', ') || 'no named subscription'}.`,
        });
      }
    }
    const who = ctx.caller.userName ?? 'Someone';
    const { subscription, previous } = await store.upsertNotifySubscription({
      platform: address.platform,
      conversationKey: address.key,
      address: address.data,
      filters: cmd.filters,
      scopeKey: scopeKeyOf(cmd.filters),
      timezone: defaultZone(ctx.caller.timeZone).name,
      createdBy: {
        platform: ctx.caller.platform,
        userId: ctx.caller.userId,
        name: ctx.caller.userName ?? null,
        ...readerFields(ctx.caller),
      },
      since: ctx.now,
      at: ctx.now,
    });
    const scope = describeScope(cmd.filters);
    const changed = previous === undefined ? undefined : describeChange(previous, subscription);
    await audit(ctx, previous === undefined ? 'notify-on' : 'notify-change', 'ok', {
      item: 'notifications',
      scope,
      ...(changed === undefined ? {} : { changes: changed }),
    });
    const notes = [
      `Failed backups from now on are posted here within about ${pollMinutes()} min, grouped, with the fix.`,
    ];
    if (address.platform === 'slack' && !address.key.startsWith('D')) {
      notes.push('The bot can post only in channels it is a member of: if it is not, invite it (/invite @Backup).');
    }
    return show(
      ctx,
      previous === undefined ? `${who} turned on failure notifications` : `${who} changed failure notifications`,
      changed === undefined ? scope : `${changed}. Now: ${scope}`,
      notes,
    );
  }

  async function turnOff(ctx: ViewContext): Promise<Reply> {
    const address = requireConversation(ctx);
    await allow(ctx, 'notify-off', "turn off this conversation's notifications");
    const sub = await store.getNotifySubscription(address.platform, address.key);
    if (sub === undefined) return show(ctx, 'No notifications to turn off', 'New failures are not posted here.');
    await store.deleteNotifySubscription(address.platform, address.key);
    await audit(ctx, 'notify-off', 'ok', {
      item: 'notifications',
      scope: describeScope(sub.filters as CommandFilters),
    });
    return show(
      ctx,
      `${ctx.caller.userName ?? 'Someone'} turned off failure notifications`,
      'No more failure messages here; notify on brings them back.',
    );
  }

  return {
    notify(cmd, ctx) {
      if (cmd.action === 'on') return turnOn(cmd, ctx);
      if (cmd.action === 'off') return turnOff(ctx);
      return show(ctx);
    },
  };
}

function describeChange(before: NotifySubscription, after: NotifySubscription): string {
  const changes: string[] = [];
  if (before.scopeKey !== after.scopeKey) {
    changes.push(
      `covers ${describeScope(before.filters as CommandFilters)} → ${describeScope(after.filters as CommandFilters)}`,
    );
  }
  if (before.pausedAt !== null) changes.push('resumed');
  return changes.length === 0 ? 'nothing changed' : changes.join('; ');
}
