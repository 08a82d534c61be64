// Views "welcome" (on install: the top commands as buttons), "working" (the placeholder of a slow answer) and
// "help" (generated from the command table, so it cannot disagree with the parser).

import type { Platform } from '../caller';
import { describeHelp, type ExampleNames, type HelpData, localizeExample } from '../commands/help';
import type { PayloadStash } from '../commands/payload';
import type { Command, HelpCommand } from '../commands/types';
import type { Reply } from '../conversation-port';
import type { HelpViewModel } from '../view-models/common';
import type { WelcomeViewModel, WorkingViewModel } from '../view-models/detail';
import { commandButton } from './shared/buttons';
import { ICONS } from './shared/status';
import type { TimeFormat } from './shared/time';
import { clipText } from './shared/words';

export interface StaticContext {
  platform: Platform;
  stash: PayloadStash;
  time: TimeFormat;
  now: Date;
  /** Names the examples use (the demo's exist in its estate). */
  examples?: ExampleNames;
  /** Help's last notes: what READ_ALLOW lets this conversation read, or that it is not set. */
  readNote?: string;
}

const TOP_COMMANDS: readonly [string, Command][] = [
  ['Summary', { verb: 'summary', filters: {} }],
  ['Failed jobs', { verb: 'jobs', status: 'failed', filters: {} }],
  ['Running jobs', { verb: 'jobs', status: 'running', filters: {} }],
  ['Unprotected resources', { verb: 'unprotected', filters: {} }],
  ['Vaults', { verb: 'vaults', filters: {} }],
];

const HOW_TO_ASK: Record<Platform, string> = {
  teams: 'Mention @Backup with a command in a channel (@Backup jobs failed), or just type it in a 1:1 chat.',
  slack: 'Type /backup and a command (/backup jobs failed), or mention the bot in a channel it is in.',
  playground: 'Type a command below, e.g. jobs failed since:7d.',
  cli: 'Run a command, e.g. jobs failed since:7d.',
};

function buttons(ctx: StaticContext) {
  return Promise.all(TOP_COMMANDS.map(([label, cmd]) => commandButton(label, cmd, { stash: ctx.stash })));
}

export async function welcomeReply(ctx: StaticContext): Promise<Reply> {
  const model: WelcomeViewModel = {
    title: 'Azure Backup, in chat',
    intro:
      'I show what Backup Center shows: failed and running backup jobs, backup items and their health, resources ' +
      `nobody backs up, and how safe each vault is. ${HOW_TO_ASK[ctx.platform]}`,
    buttons: await buttons(ctx),
    tips: [
      localizeExample(
        'Filters narrow any list: jobs failed vault:rsv-prod since:7d, unprotected vm rg:rg-app.',
        ctx.examples,
      ),
      'Every answer has "Show query": the exact Resource Graph query behind it.',
      'help lists every command; help jobs explains one.',
    ],
    generatedAt: `Backup Center bot · ${ctx.time.asOf(ctx.now)}`,
  };
  return { view: 'welcome', model, summaryText: 'Azure Backup, in chat: try summary or jobs failed.' };
}

export function workingReply(what: string): Reply {
  const model: WorkingViewModel = { text: `${ICONS.running} Working on`, command: clipText(what, 200) };
  return { view: 'working', model, summaryText: `Working on ${clipText(what, 200)}…` };
}

function helpCommands(help: HelpData): HelpViewModel['commands'] {
  if (help.kind === 'overview') {
    return help.commands.map((c) => ({ usage: c.usage, summary: c.summary, examples: c.examples.map((e) => e.text) }));
  }
  if (help.kind === 'command') {
    const c = help.command;
    const filters = c.filters.map((f) => ({ usage: f.syntax, summary: f.summary, examples: [f.example] }));
    return [{ usage: c.usage, summary: c.summary, examples: c.examples.map((e) => e.text) }, ...filters];
  }
  return help.filters.map((f) => ({ usage: f.syntax, summary: f.summary, examples: [f.example] }));
}

export async function helpReply(cmd: HelpCommand, ctx: StaticContext): Promise<Reply> {
  const help = describeHelp(cmd.topic, ctx.examples);
  const title =
    help.kind === 'overview'
      ? 'Backup Center bot: commands'
      : help.kind === 'filters'
        ? 'Filters'
        : `Help: ${help.command.verb}`;
  const examples = help.kind === 'command' ? help.command.examples.slice(0, 3) : [];
  const model: HelpViewModel = {
    title,
    intro: HOW_TO_ASK[ctx.platform],
    commands: helpCommands(help),
    notes: ctx.readNote === undefined ? help.tips : [...help.tips, ctx.readNote],
    buttons:
      help.kind === 'command'
        ? await Promise.all(examples.map((e) => commandButton(e.text, e.command, { stash: ctx.stash })))
        : (await buttons(ctx)).slice(0, 3),
    generatedAt: `Backup Center bot · ${ctx.time.asOf(ctx.now)}`,
  };
  return { view: 'help', model, summaryText: title };
}
