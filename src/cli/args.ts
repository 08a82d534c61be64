// The CLI's command line: `query <view> [args] [filters] [flags]`. Views and filters are read by the chat parser
// (parseCommand), so the CLI and the bot accept exactly the same words; only the --flags are the CLI's own.

import { escapeMarkup } from '../core/commands/markup';
import { parseCommand } from '../core/commands/parse';
import { quoteText } from '../core/commands/tokenize';
import type { CommandFilters, CommandOf } from '../core/commands/types';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 5000;

/** The chat commands the CLI can run (read-only ones), plus `instances`, which chat shows inside other views. */
export type CliCommand =
  | CommandOf<'summary'>
  | CommandOf<'jobs'>
  | CommandOf<'unprotected'>
  | CommandOf<'vaults'>
  | CommandOf<'vault'>
  | CommandOf<'policies'>
  | CommandOf<'compliance'>
  | CommandOf<'items'>
  | CommandOf<'alerts'>
  | CommandOf<'item'>
  | { verb: 'instances'; filters: CommandFilters; page?: number };

export interface CliFlags {
  json: boolean;
  showQuery: boolean;
  /** Rows per page of a list. */
  limit: number;
  /** `jobs` only: stream every matching job as NDJSON instead of one page. */
  all: boolean;
}

export type CliArgs =
  | { kind: 'help' }
  | { kind: 'query'; command: CliCommand; flags: CliFlags }
  | { kind: 'digest'; filters: CommandFilters; flags: CliFlags };

/** Bad input: one line for the user, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: npm run cli -- query <view> [args] [filters] [--json] [--show-query] [--limit <n> | --all]
       npm run cli -- digest [filters] [--json] [--show-query]

Views:
  summary                          jobs by status (window), backup instances by state and health, vaults by level
  jobs [failed|running|all]        jobs, newest first (default: failed)
  instances                        backup instances, problems first, with counts by state and health
  items [protected|stopped|failing|stale]
                                   backup items by how their protection stands; stale: no good backup within
                                   the policy's schedule (now: this machine's clock), oldest first
  unprotected [workload]           datasources no backup protects: vm sql hana files blobs disks postgres aks
  vaults | vault <name>            vault security level, soft delete, immutability, redundancy, failures
  policies [<name>] [unused]       backup policies: schedule, retention, items protected (filters: the vault's)
  compliance                       Azure Policy compliance of backup policy assignments (filters: the resource's)
  alerts [active|all]              Azure Monitor alerts for backup by rule and error (default: active, any age)
  item <name|id>                   one backup instance with its recent jobs

digest prints the digest a conversation would get for these filters (times in UTC): what failed in the last
24 h by error code with what to do, items without a good backup within policy, backups running far too long.
It is a preview: what changed since a previous digest is what the chat digest adds.

Filters (as in chat): sub:<name|id> rg:<name> vault:<name> type:<workload> tag:<key>=<value>
  location:<region> since:<24h|7d|14d> page:<n>

Flags:
  --json          the domain objects (and partial notes) as JSON on stdout
  --show-query    also print the Resource Graph (KQL) queries that were sent
  --limit <n>     rows per list page (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})
  --all           jobs only: every matching job as NDJSON (one JSON job per line), written as Resource Graph
                  answers, so any number of jobs fits in memory; no --limit or page:. Order: newest first
                  within each subscription batch (up to 250 subscriptions per request); batches interleave,
                  so sort the output (e.g. by startTime) if you need one order. Warnings and totals: stderr
  -h, --help      this text

Without Azure settings (AZURE_TENANT_ID, AZURE_CLIENT_ID, ARM_ENDPOINT, BACKUP_SCOPE) it answers from the demo estate.
Exit codes: 0 answered, 1 failed, 2 bad input. Set LOG_LEVEL=debug for details of a failure.

Examples:
  npm run cli -- query summary since:7d
  npm run cli -- query jobs failed vault:rsv-prod since:7d
  npm run cli -- query unprotected vm location:westeurope --json
  npm run cli -- query item vm-web-01 --show-query
  npm run cli -- query jobs all since:14d --all > jobs.ndjson
  npm run cli -- digest vault:rsv-prod --json`;

const VIEWS =
  'use summary, jobs, instances, items, unprotected, vaults, vault <name>, policies, compliance, alerts or item <name|id>';
const FILTER_WORD = /^(sub|rg|vault|type|tag|location|since|page|cursor):([\s\S]*)$/i;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const flags: CliFlags = { json: false, showQuery: false, limit: DEFAULT_LIMIT, all: false };
  const words: string[] = [];
  let help = false;
  let limitGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--json') flags.json = true;
    else if (arg === '--show-query') flags.showQuery = true;
    else if (arg === '--all') flags.all = true;
    else if (arg === '--limit' || arg.startsWith('--limit=')) {
      const value = arg === '--limit' ? argv[++i] : arg.slice('--limit='.length);
      flags.limit = readLimit(value);
      limitGiven = true;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg} (see --help)`);
    else words.push(arg);
  }
  if (help || words.length === 0) return { kind: 'help' };
  const [sub, ...rest] = words;
  if (sub === 'digest') {
    if (flags.all || limitGiven) throw new UsageError('digest takes no --all or --limit: it is one report');
    return { kind: 'digest', filters: parseDigestFilters(rest), flags };
  }
  if (sub !== 'query') throw new UsageError(`unknown command "${sub}": use query or digest (see --help)`);
  if (rest.length === 0)
    throw new UsageError('query needs a view: summary, jobs, instances, items, unprotected, vaults, vault or item');
  const command = parseView(rest);
  if (flags.all) checkAll(command, limitGiven);
  return { kind: 'query', command, flags };
}

/** `--all` streams one list to the end: it means nothing for other views, and a page or a limit contradicts it. */
function checkAll(command: CliCommand, limitGiven: boolean): void {
  if (command.verb !== 'jobs') {
    throw new UsageError(`--all applies to the jobs view only (it streams every matching job), not to ${command.verb}`);
  }
  if (limitGiven || command.page !== undefined) {
    throw new UsageError('--all prints every matching job; leave out --limit and page:');
  }
}

/** The filters of `digest`, read by the chat grammar of `digest now`. */
function parseDigestFilters(words: string[]): CommandFilters {
  const parsed = parseCommand(escapeMarkup(['digest now', ...words.map(toChatWord)].join(' ')));
  if (!parsed.ok) throw new UsageError(parsed.error.message);
  if (parsed.command.verb !== 'digest') throw new UsageError('digest takes filters only (see --help)');
  return parsed.command.filters;
}

function readLimit(value: string | undefined): number {
  const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new UsageError(`--limit takes a whole number from 1 to ${MAX_LIMIT}, e.g. --limit 200`);
  }
  return n;
}

function parseView(words: string[]): CliCommand {
  const [view, ...rest] = words;
  const lower = (view as string).toLowerCase();
  // `instances` is the CLI's own view (the list with counts); its filters are those of `summary`.
  const instances = lower === 'instances';
  const text = [instances ? 'summary' : (view as string), ...rest.map(toChatWord)].join(' ');
  const parsed = parseCommand(escapeMarkup(text));
  if (!parsed.ok) {
    if (parsed.error.code === 'unknown-command') throw new UsageError(`"${view}" is not a view; ${VIEWS}`);
    const { message, suggestion } = parsed.error;
    const hint =
      suggestion === undefined
        ? ''
        : ` Did you mean: ${instances ? suggestion.replace(/^summary/, 'instances') : suggestion}?`;
    throw new UsageError(`${message}${hint}`);
  }
  const command = parsed.command;
  if (instances && command.verb === 'summary') return { verb: 'instances', filters: command.filters };
  switch (command.verb) {
    case 'summary':
    case 'jobs':
    case 'unprotected':
    case 'vaults':
    case 'vault':
    case 'policies':
    case 'compliance':
    case 'items':
    case 'alerts':
    case 'item':
      return command;
    default:
      throw new UsageError(`"${view}" is not a view the CLI can query; ${VIEWS}`);
  }
}

/**
 * The shell has already split and unquoted the words; quote what the chat tokenizer would otherwise split or strip
 * (spaces, quotes, trailing punctuation), keeping `name:` and `tag:key=` outside the quotes so they stay filters.
 */
export function toChatWord(arg: string): string {
  const filter = FILTER_WORD.exec(arg);
  if (filter) {
    const name = (filter[1] as string).toLowerCase();
    const value = filter[2] as string;
    if (name === 'tag') {
      const eq = value.indexOf('=');
      if (eq < 0) return `tag:${quoteIfNeeded(value)}`;
      return `tag:${quoteIfNeeded(value.slice(0, eq))}=${quoteIfNeeded(value.slice(eq + 1), true)}`;
    }
    return `${name}:${quoteIfNeeded(value)}`;
  }
  return quoteIfNeeded(arg);
}

function quoteIfNeeded(value: string, emptyIsFine = false): string {
  if (value === '') return emptyIsFine ? '' : '""';
  return /[\s"“”„'‘’\\]|[.?!,;…。？！]$/.test(value) ? quoteText(value) : value;
}
