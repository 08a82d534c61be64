// `digest`, `snooze` and `unsnooze`: a conversation's digest and the items it leaves out. Changes are allowed by
// DIGEST_ALLOW, announced in the conversation (the reply is the announcement) and recorded in the audit log.
import { authorizeConversationChange } from '../authorize';
import { describeCaller } from '../caller';
import { toBackupFilters } from '../commands/filters';
import type { CommandFilters, DigestCommand, SnoozeCommand, UnsnoozeCommand } from '../commands/types';
import type { ConversationAddress, Reply } from '../conversation-port';
import { looksLikeArmId } from '../domain/arm-id';
import { isSubscriptionId } from '../domain/filters';
import type { BackupInstance } from '../domain/instances';
import { UserFacingError } from '../errors';
import { itemLabel, type SubscriptionNames } from '../names';
import { checkReadable, readerFields, readKey } from '../read-access';
import type { ViewContext, ViewHandlers } from '../views/context';
import { DEFAULT_DIGEST_TIME, type DigestDeps } from './ports';
import { buildDigest } from './report';
import { fetchDigestData, previousOf, recoveredSinceOf, scopeKeyOf, scopeRequest, subscriptionNames } from './run';
import { defaultZone, nextOccurrence } from './schedule';
import {
  describeChanges,
  describeSchedule,
  describeScope,
  digestTitle,
  type SnoozeOffer,
  settingsReply,
  snoozePickerReply,
} from './settings-view';
import { isFailing, overdueHours, runningLongMinutes } from './snapshot';

const DAY = 24 * 3_600_000;
const LENGTH_DAYS = { '1d': 1, '7d': 7, '30d': 30 } as const;
/** Items the picker offers at once (two blocks each in Slack, an action set each in Teams). */
const MAX_OFFERS = 8;

function requireConversation(ctx: ViewContext): ConversationAddress {
  if (ctx.conversation === undefined) {
    throw new UserFacingError('Digests and snoozes belong to a conversation.', {
      hint: 'Use this command in a Teams or Slack conversation with the bot.',
    });
  }
  return ctx.conversation;
}

function who(ctx: ViewContext): string {
  return ctx.caller.userName ?? 'Someone';
}

export function digestHandlers(deps: DigestDeps): Pick<ViewHandlers, 'digest' | 'snooze' | 'unsnooze'> {
  const { store } = deps;

  async function audit(ctx: ViewContext, action: string, target: string, result: string, details: object) {
    await store.appendAudit({
      at: deps.clock(),
      actor: { platform: ctx.caller.platform, userId: ctx.caller.userId, name: ctx.caller.userName ?? null },
      channel: ctx.caller.channelId ?? ctx.conversation?.key ?? null,
      action,
      target,
      result,
      details,
    });
  }

  /** DIGEST_ALLOW, checked before any change of what the conversation receives; refusals are audited too. */
  async function allow(ctx: ViewContext, action: string, target: string, doing: string): Promise<void> {
    const decision = authorizeConversationChange(ctx.caller, deps.policy, 'DIGEST_ALLOW', doing);
    if (decision.allowed) return;
    await audit(ctx, action, target, 'denied', { reason: decision.error.reason });
    throw decision.error;
  }

  async function names(ctx: ViewContext): Promise<SubscriptionNames> {
    return subscriptionNames(deps.data, ctx.call);
  }

  /** A sub: name that names no subscription would make every digest fail: refuse it now, with what exists. */
  async function checkSubscription(filters: CommandFilters, ctx: ViewContext): Promise<void> {
    const wanted = filters.subscription;
    if (wanted !== undefined && isSubscriptionId(wanted)) checkReadable(wanted, ctx.call.read);
    if (wanted === undefined || isSubscriptionId(wanted)) return;
    const known = await names(ctx);
    if (known.size === 0 || [...known.values()].some((n) => n.toLowerCase() === wanted.toLowerCase())) return;
    const list = [...known.values()].sort().slice(0, 10).join(', ');
    // Names come through the guardrail (ctx.call), so under READ_ALLOW the list holds only what may be read here.
    throw new UserFacingError(
      `No subscription named "${wanted}" is visible ${ctx.call.read ? 'here' : 'to the bot'}.`,
      {
        hint: `It can see: ${list}.`,
      },
    );
  }

  async function show(ctx: ViewContext, extra: Partial<Parameters<typeof settingsReply>[0]> = {}): Promise<Reply> {
    const address = requireConversation(ctx);
    const [sub, snoozes] = await Promise.all([
      store.getDigestSubscription(address.platform, address.key),
      store.listSnoozes(address.platform, address.key, ctx.now),
    ]);
    return settingsReply({ sub, snoozes, now: ctx.now, time: ctx.time, stash: ctx.stash, ...extra });
  }

  async function turnOn(cmd: DigestCommand, ctx: ViewContext): Promise<Reply> {
    const address = requireConversation(ctx);
    await allow(ctx, 'digest-on', address.key, "change this conversation's digest");
    toBackupFilters(cmd.filters);
    await checkSubscription(cmd.filters, ctx);
    const zone = cmd.timeZone === undefined ? defaultZone(ctx.caller.timeZone) : { name: cmd.timeZone, guessed: false };
    const schedule = { time: cmd.time ?? DEFAULT_DIGEST_TIME, timeZone: zone.name, days: cmd.days ?? 'daily' } as const;
    const { subscription, previous } = await store.upsertDigestSubscription({
      platform: address.platform,
      conversationKey: address.key,
      address: address.data,
      time: schedule.time,
      timezone: schedule.timeZone,
      days: schedule.days,
      quiet: cmd.quiet === true,
      filters: cmd.filters,
      scopeKey: scopeKeyOf(cmd.filters),
      createdBy: {
        platform: ctx.caller.platform,
        userId: ctx.caller.userId,
        name: ctx.caller.userName ?? null,
        ...readerFields(ctx.caller),
      },
      nextRunAt: nextOccurrence(schedule, ctx.now),
      at: ctx.now,
    });
    const what = digestTitle(schedule.days).toLowerCase();
    const changes = previous === undefined ? undefined : describeChanges(previous, subscription);
    await audit(ctx, previous === undefined ? 'digest-on' : 'digest-change', address.key, 'ok', {
      item: `${what} ${describeSchedule(subscription)}`,
      scope: describeScope(cmd.filters),
      ...(changes === undefined ? {} : { changes }),
    });
    const notes: string[] = [];
    if (cmd.timeZone === undefined && zone.guessed) {
      notes.push(
        'Your time zone is unknown to the bot, so the digest runs on UTC; add tz:<zone> (e.g. tz:Europe/Berlin) to change it.',
      );
    }
    if (address.platform === 'slack' && !address.key.startsWith('D')) {
      notes.push('The bot can post only in channels it is a member of: if it is not, invite it (/invite @Backup).');
    }
    return show(ctx, {
      title: previous === undefined ? `${who(ctx)} turned on the ${what}` : `${who(ctx)} changed the ${what}`,
      subtitle:
        changes === undefined
          ? `${describeSchedule(subscription)} · ${describeScope(cmd.filters)}`
          : `${changes}. Now: ${describeSchedule(subscription)} · ${describeScope(cmd.filters)}`,
      notes,
    });
  }

  async function turnOff(ctx: ViewContext): Promise<Reply> {
    const address = requireConversation(ctx);
    await allow(ctx, 'digest-off', address.key, "turn off this conversation's digest");
    const sub = await store.getDigestSubscription(address.platform, address.key);
    if (sub === undefined) {
      return show(ctx, { title: 'No digest to turn off', subtitle: 'No digest is scheduled in this conversation.' });
    }
    await store.deleteDigestSubscription(address.platform, address.key);
    await audit(ctx, 'digest-off', address.key, 'ok', {
      item: `${digestTitle(sub.days).toLowerCase()} ${describeSchedule(sub)}`,
    });
    return show(ctx, {
      title: `${who(ctx)} turned off the ${digestTitle(sub.days).toLowerCase()}`,
      subtitle: 'No more digests here; digest on brings it back.',
    });
  }

  /** `digest now`: the conversation's digest at once (what changed since its last one), or a preview of any scope. */
  async function now(cmd: DigestCommand, ctx: ViewContext): Promise<Reply> {
    const address = ctx.conversation;
    const sub = address === undefined ? undefined : await store.getDigestSubscription(address.platform, address.key);
    const own = sub !== undefined && Object.keys(cmd.filters).length === 0;
    const filters = own ? (sub.filters as CommandFilters) : cmd.filters;
    toBackupFilters(filters);
    const scopeKey = scopeKeyOf(filters);
    const [previous, snoozes, subscriptionNamesMap] = await Promise.all([
      previousOf(store, sub, scopeKey, `${scopeKey}${readKey(ctx.call.read)}`),
      address === undefined ? [] : store.listSnoozes(address.platform, address.key, ctx.now),
      names(ctx),
    ]);
    const [result] = await fetchDigestData(
      deps.data,
      [scopeRequest(filters, recoveredSinceOf(previous?.at, ctx.now))],
      ctx.call,
    );
    if (result === undefined) throw new Error('the data layer gave no answer for the scope');
    const built = await buildDigest({
      result,
      names: subscriptionNamesMap,
      filters,
      now: ctx.now,
      time: ctx.time,
      ...(previous === undefined ? {} : { previous }),
      snoozes,
      kind: sub === undefined ? 'preview' : 'scheduled',
      title: sub === undefined ? 'Backup digest' : digestTitle(sub.days),
      offerRetry: deps.offerRetry,
      stash: ctx.stash,
      ...(deps.portal ? { portal: deps.portal } : {}),
    });
    return { view: 'digest', model: built.model, summaryText: built.summaryText };
  }

  async function picker(cmd: SnoozeCommand, ctx: ViewContext, address: ConversationAddress): Promise<Reply> {
    const sub = await store.getDigestSubscription(address.platform, address.key);
    const filters = Object.keys(cmd.filters).length > 0 ? cmd.filters : ((sub?.filters as CommandFilters) ?? {});
    const [snoozes, known] = await Promise.all([store.listSnoozes(address.platform, address.key, ctx.now), names(ctx)]);
    const [result] = await fetchDigestData(
      deps.data,
      [scopeRequest(filters, new Date(ctx.now.getTime() - DAY))],
      ctx.call,
    );
    const snoozed = new Set(snoozes.map((s) => s.itemKey));
    const offers: SnoozeOffer[] = (result?.value.items ?? [])
      .filter((i) => !snoozed.has(i.key))
      .map((item) => {
        const why = isFailing(item)
          ? 'failing'
          : overdueHours(item, ctx.now) !== undefined
            ? 'no good backup within policy'
            : runningLongMinutes(item, ctx.now) !== undefined
              ? 'running far longer than usual'
              : undefined;
        return { item, why };
      })
      .filter((o) => o.why !== undefined)
      .sort((a, b) => Number(b.why === 'failing') - Number(a.why === 'failing'))
      .map(({ item, why }) => ({ id: item.id, text: `${itemLabel(item, known)} · ${why}` }));
    const rest = offers.length - MAX_OFFERS;
    return snoozePickerReply({
      offers: offers.slice(0, MAX_OFFERS),
      title: 'Snooze an item',
      subtitle:
        offers.length === 0
          ? 'Nothing to snooze: no item here is failing, overdue or running long.'
          : `Leave an item out of this conversation's digests for a while · ${describeScope(filters)}`,
      notes: rest > 0 ? [`${rest} more; type snooze <name> 7d for any of them.`] : [],
      time: ctx.time,
      now: ctx.now,
      stash: ctx.stash,
    });
  }

  async function snooze(cmd: SnoozeCommand, ctx: ViewContext): Promise<Reply> {
    const address = requireConversation(ctx);
    if (cmd.item === undefined) return picker(cmd, ctx, address);
    await allow(ctx, 'snooze', cmd.item, "change what this conversation's digest reports");
    const found = await deps.data.item(
      cmd.item,
      looksLikeArmId(cmd.item) ? {} : toBackupFilters(cmd.filters),
      ctx.call,
    );
    const lookup = found.value;
    if (lookup.kind === 'not-found') {
      const partial = found.partial.length > 0 ? ' (Resource Graph answered only in part; try again)' : '';
      throw new UserFacingError(`No backup item matches "${cmd.item}"${partial}.`, {
        hint: 'Use the name as item <name> shows it, or its ARM id.',
      });
    }
    const known = await names(ctx);
    const labelOf = (i: BackupInstance) =>
      itemLabel(
        {
          ...i,
          key: i.id.toLowerCase(),
          name: i.friendlyName,
          lastAttemptFailed: false,
          failures24h: 0,
          failures14d: 0,
        },
        known,
      );
    if (lookup.kind === 'ambiguous') {
      return snoozePickerReply({
        offers: lookup.candidates.map((i) => ({ id: i.id, text: `${labelOf(i)} · vault ${i.vault.name}` })),
        title: `Which "${cmd.item}"?`,
        subtitle: 'Several backup items have this name; pick the one to snooze.',
        notes: [],
        time: ctx.time,
        now: ctx.now,
        stash: ctx.stash,
      });
    }
    const instance = lookup.detail.instance;
    const length = cmd.length ?? '1d';
    const until = new Date(ctx.now.getTime() + LENGTH_DAYS[length] * DAY);
    const label = labelOf(instance);
    await store.putSnooze({
      platform: address.platform,
      conversationKey: address.key,
      itemKey: instance.id.toLowerCase(),
      itemName: label,
      until,
      createdBy: { platform: ctx.caller.platform, userId: ctx.caller.userId, name: ctx.caller.userName ?? null },
      createdAt: ctx.now,
    });
    await audit(ctx, 'snooze', instance.id, 'ok', {
      item: label,
      until: until.toISOString(),
      by: describeCaller(ctx.caller),
    });
    const days = LENGTH_DAYS[length];
    return show(ctx, {
      title: `${who(ctx)} snoozed ${label} for ${days === 1 ? '1 day' : `${days} days`}`,
      subtitle: `Left out of this conversation's digests until ${ctx.time.dateTime(until.toISOString())}.`,
    });
  }

  async function unsnooze(cmd: UnsnoozeCommand, ctx: ViewContext): Promise<Reply> {
    const address = requireConversation(ctx);
    await allow(ctx, 'unsnooze', cmd.item, "change what this conversation's digest reports");
    const snoozes = await store.listSnoozes(address.platform, address.key, ctx.now);
    const wanted = cmd.item.toLowerCase();
    const plain = (name: string) => name.split(/ \(| on /)[0]?.toLowerCase();
    const matches = snoozes.filter(
      (s) => s.itemKey === wanted || s.itemName.toLowerCase() === wanted || plain(s.itemName) === wanted,
    );
    if (matches.length === 0) {
      throw new UserFacingError(`"${cmd.item}" is not snoozed in this conversation.`, {
        hint:
          snoozes.length === 0
            ? 'Nothing is snoozed here.'
            : `Snoozed here: ${snoozes.map((s) => s.itemName).join(', ')}.`,
      });
    }
    if (matches.length > 1) {
      return show(ctx, {
        title: `Which "${cmd.item}"?`,
        subtitle: 'Several snoozed items have this name; unsnooze the one you mean below.',
      });
    }
    const match = matches[0] as (typeof matches)[number];
    await store.deleteSnooze(address.platform, address.key, match.itemKey);
    await audit(ctx, 'unsnooze', match.itemKey, 'ok', { item: match.itemName });
    return show(ctx, {
      title: `${who(ctx)} unsnoozed ${match.itemName}`,
      subtitle: "This conversation's digests report it again.",
    });
  }

  return {
    digest(cmd, ctx) {
      switch (cmd.action) {
        case 'on':
          return turnOn(cmd, ctx);
        case 'off':
          return turnOff(ctx);
        case 'now':
          return now(cmd, ctx);
        default:
          return show(ctx);
      }
    },
    snooze,
    unsnooze,
  };
}
