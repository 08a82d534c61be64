// The command table: what each verb does, how it is written, which filters it takes, and whether it is restricted.
// Help text, usage lines in parse errors and the authorization check all read it, so they cannot disagree.
import { WORKLOADS } from '../domain/workload';
import type { FilterName, Verb } from './types';

export interface CommandSpec {
  verb: Verb;
  /** One line, for the help overview. */
  summary: string;
  usage: string;
  /** Canonical command texts (formatCommand(parseCommand(x)) === x; a test keeps them so). */
  examples: readonly string[];
  /** Changes something in Azure (needs confirmation). */
  write: boolean;
  /** Only callers allowed by the policy (RETRY_ALLOW) may run it: every write, and the audit log. */
  restricted: boolean;
  filters: readonly FilterName[];
  /** Takes page:<n> and cursor:<token>. */
  paged: boolean;
}

export interface FilterSpec {
  name: FilterName;
  syntax: string;
  summary: string;
  example: string;
}

const ALL: readonly FilterName[] = ['sub', 'rg', 'vault', 'type', 'tag', 'location', 'since'];

export const COMMAND_SPECS: Readonly<Record<Verb, CommandSpec>> = {
  help: {
    verb: 'help',
    summary: 'what the bot can do, or how to use one command',
    usage: 'help [command]',
    examples: ['help', 'help jobs', 'help filters'],
    write: false,
    restricted: false,
    filters: [],
    paged: false,
  },
  summary: {
    verb: 'summary',
    summary: 'jobs by status, backup instances by health, vaults by security level',
    usage: 'summary [filters]',
    examples: ['summary', 'summary sub:Production', 'summary tag:env=prod since:7d'],
    write: false,
    restricted: false,
    filters: ALL,
    paged: false,
  },
  jobs: {
    verb: 'jobs',
    summary: 'backup jobs, newest first (default: failed in the last 24 h)',
    usage: 'jobs [failed [code:…]|running|all] [filters]',
    examples: [
      'jobs failed',
      'jobs failed vault:rsv-prod since:7d',
      'jobs running type:sql',
      'jobs all rg:rg-app since:14d',
    ],
    write: false,
    restricted: false,
    filters: ALL,
    paged: true,
  },
  unprotected: {
    verb: 'unprotected',
    summary: 'resources that no backup protects',
    usage: `unprotected [${WORKLOADS.join('|')}] [sub:… rg:… tag:… location:…]`,
    examples: [
      'unprotected',
      'unprotected vm',
      'unprotected sql location:westeurope',
      'unprotected disks tag:"cost center"=ops',
    ],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'type', 'tag', 'location'],
    paged: true,
  },
  vaults: {
    verb: 'vaults',
    summary: 'every vault: security level, soft delete, immutability, redundancy, failures',
    usage: 'vaults [sub:… rg:… type:… location:… since:…]',
    examples: ['vaults', 'vaults sub:Production', 'vaults location:westeurope since:7d'],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'type', 'location', 'since'],
    paged: true,
  },
  vault: {
    verb: 'vault',
    summary: 'one vault in detail',
    usage: 'vault <name> [sub:… rg:… since:…]',
    examples: ['vault rsv-prod', 'vault rsv-prod since:7d'],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'since'],
    paged: false,
  },
  policies: {
    verb: 'policies',
    summary: 'backup policies: schedule, retention per tier, items protected, policies that protect nothing',
    usage: `policies [<name>] [unused] [${WORKLOADS.join('|')}] [sub:… rg:… vault:… tag:… location:…]`,
    examples: [
      'policies',
      'policies unused',
      'policies vault:rsv-prod type:vm',
      'policies DefaultPolicy vault:rsv-prod',
    ],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'vault', 'type', 'tag', 'location'],
    paged: true,
  },
  compliance: {
    verb: 'compliance',
    summary:
      'Azure Policy compliance of the backup policies assigned in scope: non-compliant resources per assignment. Filters are the resource’s; vault:, type: and since: do not apply (states name resources, not vaults, and are Azure’s latest evaluation)',
    usage: 'compliance [sub:… rg:… tag:… location:…]',
    examples: ['compliance', 'compliance sub:Production', 'compliance tag:env=prod'],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'tag', 'location'],
    paged: true,
  },
  items: {
    verb: 'items',
    summary: 'backup items of both vault kinds: protection, health, last backup, policy; stale ones oldest first',
    usage: `items [${WORKLOADS.join('|')}] [protected|stopped|failing|stale] [sub:… rg:… vault:… tag:… location:…]`,
    examples: ['items', 'items stale', 'items failing vault:rsv-prod type:vm', 'items stopped sub:Production'],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'vault', 'type', 'tag', 'location'],
    paged: true,
  },
  alerts: {
    verb: 'alerts',
    summary: 'Azure Monitor alerts for backup (job failures, security), by rule and error; default: active ones',
    usage: `alerts [active|all] [${WORKLOADS.join('|')}] [sub:… rg:… vault:… tag:… location:… since:…]`,
    examples: ['alerts active', 'alerts all since:7d', 'alerts active vault:rsv-prod type:sql'],
    write: false,
    restricted: false,
    filters: ALL,
    paged: true,
  },
  item: {
    verb: 'item',
    summary: 'one backup instance: state, last backup, policy, recent jobs',
    usage: 'item <name|id> [sub:… rg:… vault:…]',
    examples: ['item vm-web-01', 'item vm-web-01 vault:rsv-prod'],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'vault'],
    paged: false,
  },
  retry: {
    verb: 'retry',
    summary: 'start an on-demand backup, after confirmation',
    usage: 'retry <item> [<item> …] [vault:…]',
    examples: ['retry vm-web-01', 'retry vm-web-01 vault:rsv-prod'],
    write: true,
    restricted: true,
    filters: ['sub', 'rg', 'vault'],
    paged: false,
  },
  audit: {
    verb: 'audit',
    summary: 'who started which backup from chat, and what happened',
    usage: 'audit [since:<n>h|<n>d]',
    examples: ['audit', 'audit since:30d'],
    write: false,
    restricted: true,
    filters: [],
    paged: true,
  },
  digest: {
    verb: 'digest',
    summary: "this conversation's daily digest: what failed, what changed, what to do",
    usage: 'digest [on [HH:MM] [tz:<zone>] [daily|weekdays] [quiet] [filters] | off | now [filters]]',
    examples: [
      'digest',
      'digest on 08:00 tz:Europe/Berlin',
      'digest on 07:30 weekdays quiet vault:rsv-prod',
      'digest now',
      'digest off',
    ],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'vault', 'type', 'tag', 'location'],
    paged: false,
  },
  notify: {
    verb: 'notify',
    summary: 'post new backup failures here within minutes, grouped, with the fix and Retry',
    usage: 'notify [on [filters] | off]',
    examples: ['notify', 'notify on', 'notify on vault:rsv-prod type:sql', 'notify off'],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'vault', 'type', 'tag', 'location'],
    paged: false,
  },
  snooze: {
    verb: 'snooze',
    summary: "leave an item out of this conversation's digests and notifications for a while",
    usage: 'snooze [<item> [1d|7d|30d]] [sub:… rg:… vault:…]',
    examples: ['snooze', 'snooze vm-web-01 7d'],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'vault'],
    paged: false,
  },
  unsnooze: {
    verb: 'unsnooze',
    summary: 'report a snoozed item again',
    usage: 'unsnooze <item> [sub:… rg:… vault:…]',
    examples: ['unsnooze vm-web-01'],
    write: false,
    restricted: false,
    filters: ['sub', 'rg', 'vault'],
    paged: false,
  },
};

export const FILTER_SPECS: Readonly<Record<FilterName, FilterSpec>> = {
  sub: { name: 'sub', syntax: 'sub:<name|id>', summary: 'subscription of the resource', example: 'sub:Production' },
  rg: { name: 'rg', syntax: 'rg:<name>', summary: 'resource group of the resource', example: 'rg:rg-app' },
  vault: { name: 'vault', syntax: 'vault:<name>', summary: 'vault that holds the backups', example: 'vault:rsv-prod' },
  type: { name: 'type', syntax: 'type:<workload>', summary: `workload: ${WORKLOADS.join(', ')}`, example: 'type:sql' },
  tag: {
    name: 'tag',
    syntax: 'tag:<key>=<value>',
    summary: 'tag of the resource; repeat for several; quote spaces; empty value = any value',
    example: 'tag:"cost center"=ops',
  },
  location: {
    name: 'location',
    syntax: 'location:<region>',
    summary: 'region of the resource',
    example: 'location:westeurope',
  },
  since: {
    name: 'since',
    syntax: 'since:<24h|7d|14d>',
    summary: 'job window (default 24h; Resource Graph keeps 14 days)',
    example: 'since:7d',
  },
};

/** One line naming every command, for errors about unknown commands. */
export const OVERVIEW_USAGE =
  'Commands: help, summary, jobs [failed|running|all], unprotected [workload], vaults, vault <name>, ' +
  'policies [unused], items [stale], compliance, alerts [active|all], item <name|id>, retry <item>, audit, ' +
  'digest [on|off|now], notify [on|off], snooze <item>. ' +
  'Filters: sub: rg: vault: type: tag: location: since:';

export function usageOf(verb: Verb | undefined): string {
  return verb === undefined ? OVERVIEW_USAGE : COMMAND_SPECS[verb].usage;
}
