// The estate clock every time-dependent part of the stand-in reads (KQL now()/ago(), job timestamps and completion,
// LRO times): the `now` start option plus an offset that tests move, optionally frozen so it moves only when told.
import { ArmError } from './http-util';

export interface ClockState {
  /** ISO 8601, UTC. */
  now: string;
  frozen: boolean;
}

/** A validated POST /_sim/clock body. */
export interface ClockChange {
  set?: Date;
  advanceMs?: number;
  freeze?: boolean;
}

export class SimClock {
  /** Added to the underlying clock while running. */
  private offsetMs = 0;
  /** The instant the clock shows while frozen; undefined = running. */
  private frozenAt: number | undefined;
  /** Where a clock that starts frozen goes back to on reset (so a reset run is reproducible). */
  private readonly frozenStart: number | undefined;

  constructor(
    private readonly base: () => Date,
    startFrozen = false,
  ) {
    this.frozenStart = startFrozen ? base().getTime() : undefined;
    this.frozenAt = this.frozenStart;
  }

  now(): Date {
    return new Date(this.frozenAt ?? this.base().getTime() + this.offsetMs);
  }

  state(): ClockState {
    return { now: this.now().toISOString(), frozen: this.frozenAt !== undefined };
  }

  /** Jumps to `at` (backwards too); a running clock keeps running from there. */
  set(at: Date): void {
    const ms = at.getTime();
    if (Number.isNaN(ms)) throw invalidClock('set must be an ISO 8601 date-time.');
    if (this.frozenAt !== undefined) this.frozenAt = ms;
    else this.offsetMs = ms - this.base().getTime();
  }

  /** Moves forward only: code under test may rely on time never running backwards between two reads. */
  advance(ms: number): void {
    const step = checkAdvance(ms);
    if (this.frozenAt !== undefined) this.frozenAt += step;
    else this.offsetMs += step;
  }

  /** Frozen: stays at the current instant until set/advance. Unfrozen: runs on from where it stood. */
  freeze(frozen: boolean): void {
    if (frozen && this.frozenAt === undefined) this.frozenAt = this.now().getTime();
    if (!frozen && this.frozenAt !== undefined) {
      this.offsetMs = this.frozenAt - this.base().getTime();
      this.frozenAt = undefined;
    }
  }

  /** Back to how it started: offset 0 and running, or frozen at its first instant when it started frozen. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = this.frozenStart;
  }
}

/** Validates a POST /_sim/clock body: {"set"?: ISO, "advanceMs"?: n >= 0, "freeze"?: bool}, at least one of them. */
export function parseClockChange(body: unknown): ClockChange {
  const usage = 'Expected {"set"?: "<ISO date-time>", "advanceMs"?: <ms >= 0>, "freeze"?: true|false}.';
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidClock(usage);
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !['set', 'advanceMs', 'freeze'].includes(k));
  if (unknown.length > 0) throw invalidClock(`Unknown field ${unknown.map((k) => `'${k}'`).join(', ')}. ${usage}`);
  const change: ClockChange = {};
  if (fields.set !== undefined) {
    const at = typeof fields.set === 'string' ? Date.parse(fields.set) : Number.NaN;
    if (Number.isNaN(at)) throw invalidClock(`set must be an ISO 8601 date-time, not ${JSON.stringify(fields.set)}.`);
    change.set = new Date(at);
  }
  if (fields.advanceMs !== undefined) change.advanceMs = checkAdvance(fields.advanceMs);
  if (fields.freeze !== undefined) {
    if (typeof fields.freeze !== 'boolean')
      throw invalidClock(`freeze must be true or false, not ${JSON.stringify(fields.freeze)}.`);
    change.freeze = fields.freeze;
  }
  if (Object.keys(change).length === 0) throw invalidClock(usage);
  return change;
}

function checkAdvance(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw invalidClock(`advanceMs must be a number >= 0 (the clock only moves forward), not ${JSON.stringify(ms)}.`);
  return ms;
}

function invalidClock(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message);
}
