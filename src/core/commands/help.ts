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

/**
 * The names the examples use. In the demo the composition root gives names that exist in its estate, so every example
 * a newcomer copies finds something; against Azure the generic ones stay (they show the shape of a command).
 */
export interface ExampleNames {
  vault: string;
  item: string;
  subscription: string;
  resourceGroup: string;
  location: string;
}

export const EXAMPLE_NAMES: ExampleNames = {
  vault: 'rsv-prod',
  item: 'vm-web-01',
  subscription: 'Production',
  resourceGroup: 'rg-app',
  location: 'westeurope',
};

const quoted = (value: string): string => (/[\s"']/.test(value) ? `"${value.replace(/"/g, '')}"` : value);
const word = (name: string) => new RegExp(`(?<![\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g');

/** An example's text with the given names in place of the generic ones. */
export function localizeExample(text: string, names: ExampleNames = EXAMPLE_NAMES): string {
  if (names === EXAMPLE_NAMES) return text;
  return text
    .replace(word(EXAMPLE_NAMES.vault), quoted(names.vault))
    .replace(word(EXAMPLE_NAMES.item), quoted(names.item))
    .replace(/sub:Production(?![\w-])/g, `sub:${quoted(names.subscription)}`)
    .replace(/rg:rg-app(?![\w-])/g, `rg:${quoted(names.resourceGroup)}`)
    .replace(/location:westeurope(?![\w-])/g, `location:${quoted(names.location)}`);
}

function example(raw: string, names: ExampleNames): HelpExample {
  const text = localizeExample(raw, names);
  const parsed = parseCommand(text);
  // The table's examples are canonical by construction (a test checks it); a broken one falls back to help.
  return { text, command: parsed.ok ? parsed.command : { verb: 'help' } };
}

function commandHelp(spec: CommandSpec, names: ExampleNames): CommandHelp {
  return {
    verb: spec.verb,
    summary: spec.summary,
    usage: spec.usage,
    examples: spec.examples.map((e) => example(e, names)),
    write: spec.write,
    restricted: spec.restricted,
    filters: spec.filters.map((name) => FILTER_SPECS[name]),
  };
}

function localizeFilter(spec: FilterSpec, names: ExampleNames): FilterSpec {
  return { ...spec, example: localizeExample(spec.example, names) };
}

/** `help` → overview; `help jobs` → one command; `help filters` → the filter list. */
export function describeHelp(topic?: HelpTopic, names: ExampleNames = EXAMPLE_NAMES): HelpData {
  if (topic === 'filters') {
    return {
      kind: 'filters',
      filters: FILTER_NAMES.map((n) => localizeFilter(FILTER_SPECS[n], names)),
      tips: FILTER_TIPS,
    };
  }
  if (topic !== undefined) {
    const tips = COMMAND_SPECS[topic].restricted
      ? ['Only people listed in RETRY_ALLOW may use it; ask your bot admin.']
      : [];
    return { kind: 'command', command: commandHelp(COMMAND_SPECS[topic], names), tips };
  }
  return {
    kind: 'overview',
    commands: VERBS.map((verb) => commandHelp(COMMAND_SPECS[verb], names)),
    filters: FILTER_NAMES.map((n) => localizeFilter(FILTER_SPECS[n], names)),
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
