// Help as data (for the help cards) and as plain text (CLI, playground), generated from the command table.
import { parseCommand } from './parse';
import { COMMAND_SPECS, type CommandSpec, FILTER_SPECS, type FilterSpec } from './table';
import { type Command, FILTER_NAMES, type HelpTopic, VERBS } from './types';

/** An example a view can show and turn into a "try it" button (encodeAction(example.command)). */
export interface HelpExample {
  text: string;
  command: Command;
}

export interface CommandHelp {
  verb: CommandSpec['verb'];
  summary: string;
  usage: string;
  examples: HelpExample[];
  /** Starts something in Azure (asks for confirmation). */
  write: boolean;
  /** Only for people allowed in RETRY_ALLOW. */
  restricted: boolean;
  filters: FilterSpec[];
}

export type HelpData =
  | { kind: 'overview'; commands: CommandHelp[]; filters: FilterSpec[]; tips: string[] }
  | { kind: 'command'; command: CommandHelp; tips: string[] }
  | { kind: 'filters'; filters: FilterSpec[]; tips: string[] };

const OVERVIEW_TIPS = [
  'In Slack: /backup jobs failed since:7d. In Teams: @Backup jobs failed since:7d, or just type in a 1:1 chat.',
  'Filters combine: jobs failed type:vm tag:env=prod since:7d.',
];

const FILTER_TIPS = [
  'Quote values with spaces: sub:"Contoso Production" tag:"cost center"=ops.',
  'Backup jobs are kept for 14 days in Azure Resource Graph, so since: goes up to 14d.',
];

function example(text: string): HelpExample {
  const parsed = parseCommand(text);
  // The table's examples are canonical by construction (a test checks it); a broken one falls back to help.
  return { text, command: parsed.ok ? parsed.command : { verb: 'help' } };
}

function commandHelp(spec: CommandSpec): CommandHelp {
  return {
    verb: spec.verb,
    summary: spec.summary,
    usage: spec.usage,
    examples: spec.examples.map(example),
    write: spec.write,
    restricted: spec.restricted,
    filters: spec.filters.map((name) => FILTER_SPECS[name]),
  };
}

/** `help` → overview; `help jobs` → one command; `help filters` → the filter list. */
export function describeHelp(topic?: HelpTopic): HelpData {
  if (topic === 'filters') {
    return { kind: 'filters', filters: FILTER_NAMES.map((n) => FILTER_SPECS[n]), tips: FILTER_TIPS };
  }
  if (topic !== undefined) {
    const tips = COMMAND_SPECS[topic].restricted
      ? ['Only people listed in RETRY_ALLOW may use it; ask your bot admin.']
      : [];
    return { kind: 'command', command: commandHelp(COMMAND_SPECS[topic]), tips };
  }
  return {
    kind: 'overview',
    commands: VERBS.map((verb) => commandHelp(COMMAND_SPECS[verb])),
    filters: FILTER_NAMES.map((n) => FILTER_SPECS[n]),
    tips: OVERVIEW_TIPS,
  };
}

/** Plain text of the help (CLI, playground, and a text fallback for cards). */
export function formatHelpText(help: HelpData): string {
  const filterLines = (filters: FilterSpec[]): string[] => filters.map((f) => `  ${f.syntax.padEnd(22)} ${f.summary}`);
  if (help.kind === 'filters') return ['Filters:', ...filterLines(help.filters), '', ...help.tips].join('\n');
  if (help.kind === 'command') {
    const c = help.command;
    const lines = [`${c.usage}`, `  ${c.summary}`, '', 'Examples:', ...c.examples.map((e) => `  ${e.text}`)];
    if (c.filters.length > 0) lines.push('', 'Filters:', ...filterLines(c.filters));
    return [...lines, ...(help.tips.length > 0 ? ['', ...help.tips] : [])].join('\n');
  }
  const commands = help.commands.map((c) => `  ${c.usage.padEnd(40)} ${c.summary}`);
  return ['Commands:', ...commands, '', 'Filters:', ...filterLines(help.filters), '', ...help.tips].join('\n');
}
