// Faults on demand, per endpoint: latency, 5xx share, 429 storms, held (timed-out) requests, truncated ARG results.

import { createRng } from '../estate/prng';
import { ArmError } from './http-util';
import type { EndpointKind, FaultConfig, FaultRule } from './types';

export type FaultAction =
  | { kind: 'none' }
  | { kind: '5xx'; status: number }
  | { kind: '429'; retryAfterSeconds: number }
  | { kind: 'timeout'; holdMs: number | 'forever' };

export interface FaultDecision {
  latencyMs: number;
  /** Spread the body of the real answer over this many ms (0: at once). */
  trickleMs: number;
  action: FaultAction;
  /** ARG only: cut the result to this many rows. */
  truncateTo?: number;
}

interface ActiveRule {
  rule: FaultRule;
  setAt: number;
  throttleLeft: number;
  /** Requests still let through before the rule starts (afterRequests). */
  passLeft: number;
}

export class FaultEngine {
  private rules: ActiveRule[] = [];
  private config: FaultConfig = { rules: [] };
  private random: () => number = Math.random;

  /**
   * `defaultSeed` (the sim's seed) makes decisions reproducible when the fault config names no seed. `clock` is real
   * time, not the estate clock: a `throttleForMs` storm is what a client sees in wall-clock time while it retries.
   */
  constructor(
    config: FaultConfig | undefined,
    private readonly defaultSeed?: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.set(config ?? { rules: [] });
  }

  set(config: FaultConfig): void {
    const rules = config.rules.map(validateRule);
    this.config = { ...config, rules };
    const seed = config.seed ?? this.defaultSeed;
    const rng = seed === undefined ? undefined : createRng(seed);
    this.random = rng ? () => rng.next() : Math.random;
    const now = this.clock();
    this.rules = rules.map((rule) => ({
      rule,
      setAt: now,
      throttleLeft: rule.throttleNext ?? 0,
      passLeft: rule.afterRequests ?? 0,
    }));
  }

  /** The configuration as set, with storms' remaining counts. */
  get(): FaultConfig {
    const rules = this.rules.map(({ rule, throttleLeft }) =>
      rule.throttleNext === undefined ? rule : { ...rule, throttleNext: throttleLeft },
    );
    return { ...this.config, rules };
  }

  clear(): void {
    this.set({ rules: [] });
  }

  decide(endpoint: EndpointKind): FaultDecision {
    const now = this.clock();
    const decision: FaultDecision = { latencyMs: 0, trickleMs: 0, action: { kind: 'none' } };
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.target !== '*' && rule.target !== endpoint) continue;
      if (active.passLeft > 0) {
        active.passLeft -= 1;
        continue;
      }
      decision.latencyMs += rule.latencyMs ?? 0;
      decision.trickleMs = Math.max(decision.trickleMs, rule.trickleMs ?? 0);
      if (rule.truncateTo !== undefined && endpoint === 'arg') {
        decision.truncateTo = Math.min(decision.truncateTo ?? rule.truncateTo, rule.truncateTo);
      }
      if (decision.action.kind !== 'none') continue;
      decision.action = this.pickAction(active, now);
    }
    return decision;
  }

  private pickAction(active: ActiveRule, now: number): FaultAction {
    const { rule } = active;
    const retryAfterSeconds = rule.retryAfterSeconds ?? 1;
    if (active.throttleLeft > 0) {
      active.throttleLeft -= 1;
      return { kind: '429', retryAfterSeconds };
    }
    if (rule.throttleForMs !== undefined && now - active.setAt < rule.throttleForMs) {
      return { kind: '429', retryAfterSeconds };
    }
    if (rule.timeoutMs !== undefined && this.random() < (rule.timeoutRate ?? 1)) {
      return { kind: 'timeout', holdMs: rule.timeoutMs };
    }
    if (rule.errorRate !== undefined && rule.errorRate > 0 && this.random() < rule.errorRate) {
      return { kind: '5xx', status: rule.errorStatus ?? 503 };
    }
    return { kind: 'none' };
  }
}

const TARGETS = new Set(['arg', 'rsv-trigger', 'bv-trigger', 'operations', '*']);

function validateRule(rule: FaultRule): FaultRule {
  const bad = (why: string): never => {
    throw new ArmError(400, 'InvalidFaultRule', `Invalid fault rule ${JSON.stringify(rule)}: ${why}`);
  };
  if (!rule || typeof rule !== 'object') bad('not an object');
  if (!TARGETS.has(rule.target)) bad(`target must be one of ${[...TARGETS].join(', ')}`);
  for (const key of ['errorRate', 'timeoutRate'] as const) {
    const v = rule[key];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) bad(`${key} must be between 0 and 1`);
  }
  const counts = [
    'latencyMs',
    'trickleMs',
    'throttleNext',
    'throttleForMs',
    'retryAfterSeconds',
    'truncateTo',
    'afterRequests',
  ] as const;
  for (const key of counts) {
    const v = rule[key];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || !Number.isFinite(v))) bad(`${key} must be >= 0`);
  }
  if (rule.errorStatus !== undefined && rule.errorStatus !== 500 && rule.errorStatus !== 503) {
    bad('errorStatus must be 500 or 503');
  }
  const t = rule.timeoutMs;
  if (t !== undefined && t !== 'forever' && (typeof t !== 'number' || t < 0))
    bad("timeoutMs must be >= 0 or 'forever'");
  return { ...rule };
}

/** The body ARM sends with a 5xx it generated itself. */
export function serverErrorBody(status: number): object {
  return status === 503
    ? { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable. Please retry later.' } }
    : { error: { code: 'InternalServerError', message: 'Encountered internal server error. Please try again.' } };
}
