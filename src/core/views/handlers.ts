// The command table's handlers: each verb reads its data through the port and builds its view. `retry` and `audit`
// belong to later features: until they are wired in, they answer plainly that they are not available yet.
import { toBackupFilters } from '../commands/filters';
import type { Command } from '../commands/types';
import type { Reply } from '../conversation-port';
import { buildAlertsView } from './alerts';
import { buildComplianceView } from './compliance';
import type { ViewContext, ViewHandler, ViewHandlers } from './context';
import { errorReply } from './error';
import { buildItemReply } from './item';
import { buildItemsView } from './items';
import { buildJobsView, jobsFetchLimit } from './jobs';
import { buildPoliciesView } from './policies';
import { commandButton, pageOf } from './shared/buttons';
import { pageSizeOf } from './shared/page-size';
import { describeWindow } from './shared/time';
import { buildSummaryView, summaryText } from './summary';
import { buildUnprotectedView } from './unprotected';
import { buildVaultView } from './vault';
import { buildVaultsView } from './vaults';
import { helpReply } from './welcome';

/** Rows the inventory lists ask for: enough for their counts and many pages. */
const INVENTORY_FETCH_LIMIT = 500;

function listReply(view: Reply['view'], model: { title: string; totals?: string }): Reply {
  return { view, model, summaryText: model.totals === undefined ? model.title : `${model.title}: ${model.totals}.` };
}

/** A verb whose feature is not built yet: says so, and offers what can be done today (never a pretend answer). */
function notAvailable(verb: 'retry' | 'audit'): ViewHandler<Extract<Command, { verb: typeof verb }>> {
  return async (cmd, ctx) => {
    const retry = verb === 'retry' && cmd.verb === 'retry';
    const first = retry ? cmd.items[0] : undefined;
    const buttons =
      first === undefined ? [] : [await commandButton(`Show ${first}`, { verb: 'item', ref: first, filters: {} }, ctx)];
    return errorReply(
      {
        title: 'Not available yet',
        icon: '🚧',
        message: retry
          ? 'Starting a backup from chat (retry) is not available in this version of the bot yet.'
          : 'The audit log of backups started from chat is not available in this version of the bot yet.',
        hint: retry
          ? 'Open the item in the Azure portal and choose "Backup now"; item <name> shows its portal link.'
          : 'The Azure Activity log lists on-demand backups started in the portal or by the bot.',
        buttons,
      },
      ctx,
    );
  };
}

/** A view whose data the backup data layer in use does not offer (a test double, an older port). */
async function notWired(what: string, ctx: ViewContext): Promise<Reply> {
  return errorReply(
    {
      title: 'Not available here',
      icon: '🚧',
      message: `${what} are not available in this part of the bot.`,
      hint: 'Ask in Teams, Slack or the playground.',
      buttons: [],
    },
    ctx,
  );
}

/** Digests need the store and a scheduler (src/compose-digest.ts); a core without them says so. */
async function digestsNotAvailable(_cmd: Command, ctx: ViewContext): Promise<Reply> {
  return errorReply(
    {
      title: 'Not available here',
      icon: '🚧',
      message: 'Daily digests, notifications and snoozes are not available in this part of the bot.',
      hint: 'Ask in Teams, Slack or the playground; from a terminal, npm run cli -- digest prints one.',
      buttons: [],
    },
    ctx,
  );
}

export function createViewHandlers(overrides: Partial<ViewHandlers> = {}): ViewHandlers {
  const handlers: ViewHandlers = {
    help: (cmd, ctx) =>
      helpReply(cmd, {
        platform: ctx.caller.platform,
        stash: ctx.stash,
        time: ctx.time,
        now: ctx.now,
        ...(ctx.examples ? { examples: ctx.examples } : {}),
        ...(ctx.readNote === undefined ? {} : { readNote: ctx.readNote }),
      }),
    async summary(cmd, ctx) {
      const result = await ctx.data.summary(toBackupFilters(cmd.filters), ctx.call);
      const model = await buildSummaryView(result, cmd, ctx);
      return {
        view: 'summary',
        model,
        summaryText: summaryText(result.value, describeWindow(cmd.filters.since ?? '24h')),
      };
    },
    async jobs(cmd, ctx) {
      const filters = toBackupFilters(cmd.filters);
      const [list, counts] = await Promise.all([
        ctx.data.jobs(cmd.status, filters, {
          ...ctx.call,
          limit: jobsFetchLimit(cmd, pageSizeOf('jobs', ctx.caller.platform, ctx.pageSize)),
        }),
        ctx.data.jobSummary(filters, ctx.call),
      ]);
      return listReply('jobs', await buildJobsView(list, counts, cmd, ctx));
    },
    async unprotected(cmd, ctx) {
      const limit = Math.max(
        INVENTORY_FETCH_LIMIT,
        pageOf(cmd) * pageSizeOf('unprotected', ctx.caller.platform, ctx.pageSize),
      );
      const result = await ctx.data.unprotected(cmd.workload, toBackupFilters(cmd.filters), { ...ctx.call, limit });
      return listReply('unprotected', await buildUnprotectedView(result, cmd, ctx));
    },
    async vaults(cmd, ctx) {
      const result = await ctx.data.vaults(toBackupFilters(cmd.filters), ctx.call);
      return listReply('vaults', await buildVaultsView(result, cmd, ctx));
    },
    async vault(cmd, ctx) {
      const result = await ctx.data.vault(cmd.name, toBackupFilters(cmd.filters), ctx.call);
      return listReply('vault', await buildVaultView(result, cmd, ctx));
    },
    async policies(cmd, ctx) {
      if (ctx.data.policies === undefined) return notWired('Backup policies', ctx);
      const query = { ...(cmd.name === undefined ? {} : { name: cmd.name }), ...(cmd.unused ? { unused: true } : {}) };
      const result = await ctx.data.policies(toBackupFilters(cmd.filters), query, ctx.call);
      return listReply('policies', await buildPoliciesView(result, cmd, ctx));
    },
    async compliance(cmd, ctx) {
      if (ctx.data.compliance === undefined) return notWired('Policy compliance answers', ctx);
      const result = await ctx.data.compliance(toBackupFilters(cmd.filters), ctx.call);
      return listReply('compliance', await buildComplianceView(result, cmd, ctx));
    },
    async items(cmd, ctx) {
      if (ctx.data.items === undefined) return notWired('Backup items', ctx);
      const limit = Math.max(
        INVENTORY_FETCH_LIMIT,
        pageOf(cmd) * pageSizeOf('items', ctx.caller.platform, ctx.pageSize),
      );
      const query = { now: ctx.now, ...(cmd.state === undefined ? {} : { state: cmd.state }) };
      const result = await ctx.data.items(toBackupFilters(cmd.filters), query, { ...ctx.call, limit });
      return listReply('items', await buildItemsView(result, cmd, ctx));
    },
    async alerts(cmd, ctx) {
      if (ctx.data.alerts === undefined) return notWired('Backup alerts', ctx);
      const result = await ctx.data.alerts(cmd.kind, toBackupFilters(cmd.filters), ctx.call);
      return listReply('alerts', await buildAlertsView(result, cmd, ctx));
    },
    async item(cmd, ctx) {
      const result = await ctx.data.item(cmd.ref, toBackupFilters(cmd.filters), ctx.call);
      return buildItemReply(result, cmd, ctx);
    },
    retry: notAvailable('retry') as ViewHandlers['retry'],
    audit: notAvailable('audit') as ViewHandlers['audit'],
    digest: digestsNotAvailable,
    notify: digestsNotAvailable,
    snooze: digestsNotAvailable,
    unsnooze: digestsNotAvailable,
  };
  return { ...handlers, ...overrides };
}

/** Runs the handler of `command.verb`. */
export function runHandler(handlers: ViewHandlers, command: Command, ctx: ViewContext): Promise<Reply> {
  return (handlers[command.verb] as ViewHandler)(command, ctx);
}
