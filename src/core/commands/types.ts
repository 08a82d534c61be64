// The typed Command that a typed message and a button click both become, and what parsing returns.
// Shapes only: parse.ts builds them, format.ts prints them, payload.ts carries them on buttons.
import type { AlertListKind } from '../domain/alerts';
import type { Since, TagFilter } from '../domain/filters';
import type { ItemsState } from '../domain/items';
import type { JobListKind } from '../domain/jobs';
import type { Workload } from '../domain/workload';

export const VERBS = [
  'help',
  'summary',
  'jobs',
  'unprotected',
  'vaults',
  'vault',
  'policies',
  'compliance',
  'items',
  'alerts',
  'item',
  'retry',
  'audit',
  'digest',
  'notify',
  'snooze',
  'unsnooze',
] as const;
export type Verb = (typeof VERBS)[number];

/** Filter names as users type them (`sub:`, `rg:` …), in the order formatCommand prints them. */
export const FILTER_NAMES = ['sub', 'rg', 'vault', 'type', 'tag', 'location', 'since'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export type HelpTopic = Verb | 'filters';

/**
 * Datasource-centric filters as typed. Unlike the domain's BackupFilters, `tags` may repeat (all must match);
 * use toBackupFilters() to hand them to the query layer. An unset `since` means the default window (24 h).
 */
export interface CommandFilters {
  subscription?: string;
  resourceGroup?: string;
  vault?: string;
  workload?: Workload;
  tags?: TagFilter[];
  /** Lower-case, without spaces, as ARG stores regions ("westeurope"). */
  location?: string;
  since?: Since;
}

/** List commands carry their page: `page` is 1-based (unset = first page); `cursor` is an opaque continuation. */
export interface Paging {
  page?: number;
  cursor?: string;
}

export interface HelpCommand {
  verb: 'help';
  topic?: HelpTopic;
}
export interface SummaryCommand {
  verb: 'summary';
  filters: CommandFilters;
}
export interface JobsCommand extends Paging {
  verb: 'jobs';
  /** Default 'failed'. */
  status: JobListKind;
  filters: CommandFilters;
  /**
   * `code:` (failed jobs only): the jobs whose error carries this code, as the error-code overview names it (our
   * catalog's code for documented numbers, Azure's code otherwise; `none` for failures without one).
   */
  code?: string;
}
/** The workload is positional (`unprotected vm`); `type:vm` lands here too and never in filters. */
export interface UnprotectedCommand extends Paging {
  verb: 'unprotected';
  workload?: Workload;
  filters: CommandFilters;
}
export interface VaultsCommand extends Paging {
  verb: 'vaults';
  filters: CommandFilters;
}
/** `filters` may hold sub/rg (to tell same-named vaults apart) and since (the failure window). */
export interface VaultCommand {
  verb: 'vault';
  name: string;
  filters: CommandFilters;
}
/**
 * Backup policies of both vault kinds. Filters are the vault's (a policy has no datasource); `type:` (or a workload
 * word) is what the policy backs up. `name` picks policies of that name; `unused` those that protect nothing.
 */
export interface PoliciesCommand extends Paging {
  verb: 'policies';
  name?: string;
  unused?: boolean;
  filters: CommandFilters;
}
/**
 * Azure Policy compliance of the backup-related assignments. Filters are the evaluated resource's (sub, rg, tag,
 * location); vault:, type: and since: do not apply.
 */
export interface ComplianceCommand extends Paging {
  verb: 'compliance';
  filters: CommandFilters;
}
/**
 * Backup items of both vault kinds as one list (Backup center's "Backup instances"). `state` narrows it: protected
 * (active protection), stopped (stopped with data retained, suspended, or soft-deleted: the unprotected view's
 * grouping), failing (active, last backup failed), stale (no good backup within the policy's schedule, oldest first).
 */
export interface ItemsCommand extends Paging {
  verb: 'items';
  state?: ItemsState;
  filters: CommandFilters;
}
export type { ItemsState } from '../domain/items';
/**
 * Azure Monitor alerts for backup. `kind` defaults to active (fired, not closed, any age unless since: is set); `all`
 * lists every alert that fired in the window. Filters are the vault's; type: (or a workload word) is the item's.
 */
export interface AlertsCommand extends Paging {
  verb: 'alerts';
  kind: AlertListKind;
  filters: CommandFilters;
}
/** `ref` is a name (friendly or Azure's) or an ARM id; filters sub/rg/vault narrow an ambiguous name. */
export interface ItemCommand {
  verb: 'item';
  ref: string;
  filters: CommandFilters;
}
/**
 * One or more items (names or ARM ids). `confirm` is set by the Confirm button (an opaque token the retry handler
 * issued with its confirmation card); without it the handler asks for confirmation first.
 */
export interface RetryCommand {
  verb: 'retry';
  items: string[];
  filters: CommandFilters;
  confirm?: string;
}
/** The bot's own audit log (our store, not ARG), so its window is not limited to 14 days: `<n>h` or `<n>d`. */
export interface AuditCommand extends Paging {
  verb: 'audit';
  since?: string;
}

/**
 * The conversation's daily digest: `show` its settings; `on` (re)schedules it (unset parts keep their defaults:
 * 08:00, daily, the asker's zone, not quiet); `off`; `now` posts one here at once (a preview when none is scheduled).
 */
export interface DigestCommand {
  verb: 'digest';
  action: 'show' | 'on' | 'off' | 'now';
  /** "HH:MM" (on). */
  time?: string;
  /** IANA zone (on). */
  timeZone?: string;
  days?: 'daily' | 'weekdays';
  quiet?: boolean;
  filters: CommandFilters;
}

/** The conversation's failure notifications: `show` its settings and snoozes; `on` (re)sets the scope; `off`. */
export interface NotifyCommand {
  verb: 'notify';
  action: 'show' | 'on' | 'off';
  filters: CommandFilters;
}

export const SNOOZE_LENGTHS = ['1d', '7d', '30d'] as const;
export type SnoozeLength = (typeof SNOOZE_LENGTHS)[number];

/**
 * Hides one item from this conversation's digests (and notifications) for a while; without an item, the items a digest
 * would report here, to pick from. `filters` (sub/rg/vault) narrow an ambiguous name.
 */
export interface SnoozeCommand {
  verb: 'snooze';
  item?: string;
  /** Default 1d. */
  length?: SnoozeLength;
  filters: CommandFilters;
}
export interface UnsnoozeCommand {
  verb: 'unsnooze';
  item: string;
  filters: CommandFilters;
}

export type Command =
  | HelpCommand
  | SummaryCommand
  | JobsCommand
  | UnprotectedCommand
  | VaultsCommand
  | VaultCommand
  | PoliciesCommand
  | ComplianceCommand
  | ItemsCommand
  | AlertsCommand
  | ItemCommand
  | RetryCommand
  | AuditCommand
  | DigestCommand
  | NotifyCommand
  | SnoozeCommand
  | UnsnoozeCommand;

export type CommandOf<V extends Verb> = Extract<Command, { verb: V }>;

export type ParseErrorCode =
  | 'unknown-command' // the first word is no command
  | 'bad-argument' // a word the command does not take, a missing name, a duplicate
  | 'bad-filter' // a filter that is unknown, empty or has a bad value
  | 'too-long'
  | 'old-version' // a button from another payload version
  | 'bad-payload' // button data that is not ours or is damaged
  | 'expired'; // a button whose stored details are gone

export interface ParseError {
  code: ParseErrorCode;
  /** A full sentence saying what is wrong and what to write instead. */
  message: string;
  /** Canonical text of the command the user probably meant, ready to run (e.g. "jobs failed since:7d"). */
  suggestion?: string;
  /** Usage line of the command concerned, or of all commands. */
  usage: string;
  /** A correct example for the part that was wrong (e.g. `tag:env=prod`). */
  example?: string;
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

/** Longest text parsed (a stashed "retry all" of 500 ARM ids is ~150 K); longer input is refused, not parsed. */
export const MAX_INPUT_CHARS = 300_000;
/**
 * Longest command a person may type, or a click may carry inline (the bot writes at most 2,000): a dozen ARM ids.
 * Anything longer is refused before any parsing or suggestion search, so one huge message cannot stall the others.
 */
export const MAX_TYPED_CHARS = 4_000;
export const MAX_TAG_FILTERS = 16;
export const MAX_RETRY_ITEMS = 500;
export const MAX_PAGE = 10_000;
/** Names and ARM ids; ARM ids of SQL/HANA items run to a few hundred characters. */
export const MAX_NAME_CHARS = 1_024;
export const MAX_CURSOR_CHARS = 4_096;
/** Audit log windows may reach back further than ARG's 14 days. */
export const MAX_AUDIT_HOURS = 366 * 24;
