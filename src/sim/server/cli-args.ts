// Command-line flags of `npm run sim` → start options. Fault flags take `<target>=<value>` (target: arg, rsv-trigger,
// bv-trigger, operations or *) and may repeat.
import { parseArgs } from 'node:util';
import type { FaultRule, FaultTarget, ForbiddenRule, SimOptions } from './types';

export interface CliSettings {
  help: boolean;
  port: number;
  host: string;
  seed?: number;
  scale: 'small' | 'large';
  estateFile?: string;
  now?: Date;
  sim: Omit<SimOptions, 'estate' | 'port' | 'host' | 'now' | 'seed'>;
}

export const CLI_USAGE = `npm run sim -- [--port <n>] [--host 127.0.0.1] [--seed <n>] [--scale small|large] [--estate <file>]
  [--now <ISO time of the estate clock at start>] [--frozen-clock] [--tls]
  [--latency <target>=<ms>] [--error-rate <target>=<0..1>[:500|503]] [--throttle-next <target>=<n>]
  [--throttle-for <target>=<ms>] [--retry-after <target>=<s>] [--timeout <target>=<ms>|forever] [--truncate arg=<rows>]
  [--trickle <target>=<ms>] [--after-requests <target>=<n>] (the target's faults start after its first n requests)
  [--fault-seed <n>] [--quota <limit>/<windowMs>] [--job-delay <ms>] [--job-failure-rate <0..1>]
  [--forbid <principal>[@<vault>]] [--lro-polls <n>] [--lro-retry-after <s>] [--payload-limit <bytes>]
targets: arg | rsv-trigger | bv-trigger | operations | *
--frozen-clock: the estate clock stays at --now (or the start time) and moves only through POST /_sim/clock`;

const TARGETS: FaultTarget[] = ['arg', 'rsv-trigger', 'bv-trigger', 'operations', '*'];
const MULTI = [
  'latency',
  'error-rate',
  'throttle-next',
  'throttle-for',
  'retry-after',
  'timeout',
  'truncate',
  'after-requests',
  'trickle',
  'forbid',
];

export function parseCliArgs(argv: string[]): CliSettings {
  const strings = [
    'port',
    'host',
    'seed',
    'scale',
    'estate',
    'now',
    'fault-seed',
    'quota',
    'job-delay',
    'job-failure-rate',
    'lro-polls',
    'lro-retry-after',
    'payload-limit',
  ];
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    tls: { type: 'boolean' },
    'frozen-clock': { type: 'boolean' },
    help: { type: 'boolean' },
  };
  for (const s of strings) options[s] = { type: 'string' };
  for (const m of MULTI) options[m] = { type: 'string', multiple: true };
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  const v = values as Record<string, string | boolean | string[] | undefined>;
  const one = (name: string): string | undefined => v[name] as string | undefined;
  const many = (name: string): string[] => (v[name] as string[] | undefined) ?? [];

  const scale = one('scale') ?? 'small';
  if (scale !== 'small' && scale !== 'large') throw new Error(`--scale must be small or large, not ${scale}`);
  const settings: CliSettings = {
    help: v.help === true,
    port: int(one('port') ?? '0', 'port'),
    host: one('host') ?? '127.0.0.1',
    scale,
    sim: {},
  };
  if (one('seed') !== undefined) settings.seed = int(one('seed') as string, 'seed');
  if (one('estate') !== undefined) settings.estateFile = one('estate') as string;
  const now = one('now');
  if (now !== undefined) {
    if (Number.isNaN(Date.parse(now))) throw new Error(`--now must be an ISO date-time, not ${now}`);
    settings.now = new Date(now);
  }
  if (v.tls === true) settings.sim.tls = true;
  if (v['frozen-clock'] === true) settings.sim.frozenClock = true;

  const rules = new Map<FaultTarget, FaultRule>();
  const rule = (target: FaultTarget): FaultRule => {
    const existing = rules.get(target);
    if (existing) return existing;
    const created: FaultRule = { target };
    rules.set(target, created);
    return created;
  };
  for (const [t, val] of many('latency').map(split)) rule(t).latencyMs = num(val, 'latency');
  for (const [t, val] of many('error-rate').map(split)) {
    const [rate, status] = val.split(':');
    rule(t).errorRate = num(rate ?? '', 'error-rate');
    if (status !== undefined) {
      if (status !== '500' && status !== '503') throw new Error('--error-rate status must be 500 or 503');
      rule(t).errorStatus = status === '500' ? 500 : 503;
    }
  }
  for (const [t, val] of many('throttle-next').map(split)) rule(t).throttleNext = int(val, 'throttle-next');
  for (const [t, val] of many('throttle-for').map(split)) rule(t).throttleForMs = num(val, 'throttle-for');
  for (const [t, val] of many('retry-after').map(split)) rule(t).retryAfterSeconds = num(val, 'retry-after');
  for (const [t, val] of many('timeout').map(split))
    rule(t).timeoutMs = val === 'forever' ? 'forever' : num(val, 'timeout');
  for (const [t, val] of many('truncate').map(split)) rule(t).truncateTo = int(val, 'truncate');
  for (const [t, val] of many('after-requests').map(split)) rule(t).afterRequests = int(val, 'after-requests');
  for (const [t, val] of many('trickle').map(split)) rule(t).trickleMs = num(val, 'trickle');
  if (rules.size > 0 || one('fault-seed') !== undefined) {
    settings.sim.faults = { rules: [...rules.values()] };
    if (one('fault-seed') !== undefined) settings.sim.faults.seed = int(one('fault-seed') as string, 'fault-seed');
  }

  const quota = one('quota');
  if (quota !== undefined) {
    const [limit, windowMs] = quota.split('/');
    settings.sim.quota = { limit: int(limit ?? '', 'quota limit'), windowMs: int(windowMs ?? '', 'quota window') };
  }
  const delay = one('job-delay');
  const failure = one('job-failure-rate');
  if (delay !== undefined || failure !== undefined) {
    settings.sim.jobCompletion = {};
    if (delay !== undefined) settings.sim.jobCompletion.delayMs = num(delay, 'job-delay');
    if (failure !== undefined) settings.sim.jobCompletion.failureRate = num(failure, 'job-failure-rate');
  }
  const polls = one('lro-polls');
  const retryAfter = one('lro-retry-after');
  if (polls !== undefined || retryAfter !== undefined) {
    settings.sim.lro = {};
    if (polls !== undefined) settings.sim.lro.pollsBeforeDone = int(polls, 'lro-polls');
    if (retryAfter !== undefined) settings.sim.lro.retryAfterSeconds = num(retryAfter, 'lro-retry-after');
  }
  const forbid = many('forbid');
  if (forbid.length > 0) settings.sim.forbidden = forbid.map(parseForbid);
  const payload = one('payload-limit');
  if (payload !== undefined) settings.sim.payloadLimitBytes = int(payload, 'payload-limit');
  return settings;
}

function split(flag: string): [FaultTarget, string] {
  const at = flag.indexOf('=');
  const target = (at < 0 ? '' : flag.slice(0, at)) as FaultTarget;
  if (!TARGETS.includes(target))
    throw new Error(`Fault flag '${flag}': expected <target>=<value> with target ${TARGETS.join(' | ')}`);
  return [target, flag.slice(at + 1)];
}

function parseForbid(text: string): ForbiddenRule {
  const [principal, vault] = text.split('@');
  if (!principal) throw new Error(`--forbid '${text}': expected <principal>[@<vault>]`);
  return vault ? { principal, vault } : { principal };
}

function num(text: string, name: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new Error(`--${name}: '${text}' is not a non-negative number`);
  return n;
}

function int(text: string, name: string): number {
  const n = num(text, name);
  if (!Number.isInteger(n)) throw new Error(`--${name}: '${text}' is not an integer`);
  return n;
}
