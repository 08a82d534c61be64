// The words the grammar understands: verbs and their synonyms, job states, workload names, filter keys.
// Everything is matched lower-case; the canonical spelling of each is what formatCommand prints.

import type { AlertListKind } from '../domain/alerts';
import type { ItemsState } from '../domain/items';
import type { JobListKind } from '../domain/jobs';
import { WORKLOADS, type Workload } from '../domain/workload';
import type { SnoozeLength, Verb } from './types';

/** Synonyms accepted silently because they cannot mean anything else. */
const VERB_WORDS: Record<string, Verb> = {
  help: 'help',
  commands: 'help',
  summary: 'summary',
  summarize: 'summary',
  summarise: 'summary',
  overview: 'summary',
  status: 'summary',
  dashboard: 'summary',
  jobs: 'jobs',
  job: 'jobs',
  unprotected: 'unprotected',
  protectable: 'unprotected',
  vaults: 'vaults',
  vault: 'vault',
  policies: 'policies',
  policy: 'policies',
  compliance: 'compliance',
  governance: 'compliance',
  items: 'items',
  instances: 'items',
  alerts: 'alerts',
  alert: 'alerts',
  item: 'item',
  instance: 'item',
  retry: 'retry',
  rerun: 'retry',
  audit: 'audit',
  digest: 'digest',
  digests: 'digest',
  notify: 'notify',
  notifications: 'notify',
  snooze: 'snooze',
  mute: 'snooze',
  unsnooze: 'unsnooze',
  unmute: 'unsnooze',
};

export function verbOf(word: string): Verb | undefined {
  return Object.hasOwn(VERB_WORDS, word) ? VERB_WORDS[word] : undefined;
}

export function verbWords(): string[] {
  return Object.keys(VERB_WORDS);
}

const STATUS_WORDS: Record<string, JobListKind> = {
  failed: 'failed',
  fail: 'failed',
  failing: 'failed',
  failure: 'failed',
  failures: 'failed',
  errors: 'failed',
  running: 'running',
  inprogress: 'running',
  'in-progress': 'running',
  active: 'running',
  ongoing: 'running',
  all: 'all',
  any: 'all',
};

export function statusOf(word: string): JobListKind | undefined {
  return Object.hasOwn(STATUS_WORDS, word) ? STATUS_WORDS[word] : undefined;
}

const WORKLOAD_WORDS: Record<string, Workload> = {
  vm: 'vm',
  vms: 'vm',
  virtualmachine: 'vm',
  virtualmachines: 'vm',
  'virtual-machine': 'vm',
  'virtual-machines': 'vm',
  azurevm: 'vm',
  iaasvm: 'vm',
  sql: 'sql',
  sqldb: 'sql',
  sqldbs: 'sql',
  sqldatabase: 'sql',
  hana: 'hana',
  saphana: 'hana',
  'sap-hana': 'hana',
  files: 'files',
  file: 'files',
  fileshare: 'files',
  fileshares: 'files',
  'file-share': 'files',
  'file-shares': 'files',
  azurefiles: 'files',
  blobs: 'blobs',
  blob: 'blobs',
  disks: 'disks',
  disk: 'disks',
  manageddisk: 'disks',
  manageddisks: 'disks',
  postgres: 'postgres',
  postgresql: 'postgres',
  pg: 'postgres',
  psql: 'postgres',
  aks: 'aks',
  kubernetes: 'aks',
  k8s: 'aks',
};

export function workloadOf(word: string): Workload | undefined {
  return Object.hasOwn(WORKLOAD_WORDS, word) ? WORKLOAD_WORDS[word] : undefined;
}

export function workloadWords(): string[] {
  return Object.keys(WORKLOAD_WORDS);
}

export const WORKLOAD_LIST = WORKLOADS.join(', ');

/** Option keys: the filters plus paging, the retry confirmation, the digest's zone and the jobs' error code. */
export type OptionKey =
  | 'sub'
  | 'rg'
  | 'vault'
  | 'type'
  | 'tag'
  | 'location'
  | 'since'
  | 'page'
  | 'cursor'
  | 'confirm'
  | 'tz'
  | 'code';

const OPTION_WORDS: Record<string, OptionKey> = {
  sub: 'sub',
  subscription: 'sub',
  rg: 'rg',
  resourcegroup: 'rg',
  'resource-group': 'rg',
  vault: 'vault',
  type: 'type',
  workload: 'type',
  tag: 'tag',
  tags: 'tag',
  location: 'location',
  loc: 'location',
  region: 'location',
  since: 'since',
  last: 'since',
  page: 'page',
  cursor: 'cursor',
  confirm: 'confirm',
  tz: 'tz',
  timezone: 'tz',
  'time-zone': 'tz',
  zone: 'tz',
  code: 'code',
  error: 'code',
  'error-code': 'code',
};

export function optionOf(word: string): OptionKey | undefined {
  return Object.hasOwn(OPTION_WORDS, word) ? OPTION_WORDS[word] : undefined;
}

export function optionWords(): string[] {
  return Object.keys(OPTION_WORDS);
}

/** A bare window ("7d", "24h") typed without since:. */
export function looksLikeWindow(word: string): boolean {
  return /^\d{1,5}[hd]$/i.test(word);
}

/** `vault <word>` where the word is far likelier a request for the vault list than a vault's name. */
export const VAULT_LIST_WORDS: readonly string[] = [
  'health',
  'status',
  'security',
  'list',
  'summary',
  'overview',
  'all',
];

/** Words in front of a verb that change nothing ("show jobs", "list vaults", "please retry …"). */
export const FILLER_WORDS: readonly string[] = ['show', 'list', 'get', 'display', 'please', 'pls', 'give'];

/** Tokens that ask for help on the command they follow. */
export const HELP_FLAGS: readonly string[] = ['help', '--help', '-h', '-?'];

const SNOOZE_WORDS: Record<string, SnoozeLength> = {
  '1d': '1d',
  '24h': '1d',
  day: '1d',
  '1day': '1d',
  '7d': '7d',
  week: '7d',
  '1w': '7d',
  '7days': '7d',
  '30d': '30d',
  month: '30d',
  '30days': '30d',
};

/** How long `snooze <item> <length>` lasts ("7d", "week", "month"…). */
export function snoozeLengthOf(word: string): SnoozeLength | undefined {
  return Object.hasOwn(SNOOZE_WORDS, word) ? SNOOZE_WORDS[word] : undefined;
}

/** Item names that must be quoted after snooze (they would read as its length). */
export const SNOOZE_LENGTH_WORDS: ReadonlySet<string> = new Set(Object.keys(SNOOZE_WORDS));

/** `policies unused`: the policies that protect nothing (a policy of that name is written in quotes). */
export const UNUSED_WORDS: readonly string[] = ['unused', 'unassigned', 'empty'];

/** Small words people put between filters ("jobs failed in the last 7d for vms") that change nothing. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'for',
  'in',
  'on',
  'of',
  'the',
  'from',
  'with',
  'me',
  'my',
  'last',
  'past',
  'only',
  'and',
]);

/**
 * `items <state>`: the words for each state. "stopped" covers what the unprotected view calls protection stopped or
 * soft-deleted (stopped with data retained, suspended, paused, soft-deleted), so its synonyms all land there.
 */
const ITEMS_STATE_WORDS: Record<string, ItemsState> = {
  protected: 'protected',
  active: 'protected',
  stopped: 'stopped',
  suspended: 'stopped',
  paused: 'stopped',
  'soft-deleted': 'stopped',
  softdeleted: 'stopped',
  deleted: 'stopped',
  failing: 'failing',
  failed: 'failing',
  failures: 'failing',
  stale: 'stale',
  overdue: 'stale',
  late: 'stale',
  outdated: 'stale',
};

export function itemsStateOf(word: string): ItemsState | undefined {
  return Object.hasOwn(ITEMS_STATE_WORDS, word) ? ITEMS_STATE_WORDS[word] : undefined;
}

export function itemsStateWords(): string[] {
  return Object.keys(ITEMS_STATE_WORDS);
}

/** `alerts active|all`: the words for each list (an alert "fired" and not closed is active). */
const ALERT_KIND_WORDS: Record<string, AlertListKind> = {
  active: 'active',
  open: 'active',
  fired: 'active',
  firing: 'active',
  current: 'active',
  all: 'all',
  any: 'all',
  every: 'all',
  history: 'all',
};

export function alertKindOf(word: string): AlertListKind | undefined {
  return Object.hasOwn(ALERT_KIND_WORDS, word) ? ALERT_KIND_WORDS[word] : undefined;
}
