// What a digest remembers about its scope until the next one: which items were failing, which datasources were
// unprotected, each vault's security settings. Keys are short hashes (bounded store space; the names come from the
// fresh answer), and a snapshot says whether its answer was complete, so deltas are never claimed from half a picture.
import { createHash } from 'node:crypto';
import { DIGEST_GRACE_HOURS, DIGEST_RUNNING_MIN_HOURS, type DigestData, type DigestItem } from '../domain/digest';
import type { ImmutabilityState, OnOff, SecurityLevel, SoftDeleteState, VaultHealth } from '../domain/vaults';

export interface VaultMark {
  name: string;
  level: SecurityLevel;
  softDelete: SoftDeleteState;
  immutability: ImmutabilityState;
  mua: OnOff;
}

export interface DigestSnapshot {
  v: 1;
  /** Hashes of the items failing at the time. */
  failing: string[];
  /** Hashes of the unprotected datasources; absent when the scope reads none (vault:) or the answer was cut. */
  unprotected?: string[];
  /**
   * Hashes of the datasources with stopped or soft-deleted protection, likewise. Absent in snapshots written before
   * they were told apart from unprotected ones: the next digest then claims no "newly stopped".
   */
  stopped?: string[];
  /** Every part of the answer was complete. */
  complete: boolean;
  /** By hash of the vault's lower-case id. */
  vaults: Record<string, VaultMark>;
}

/** Keys kept per set at most (~15 bytes each): a scope larger than this loses "new since" for the excess. */
export const MAX_SNAPSHOT_KEYS = 50_000;

/** 72 bits of SHA-256, base64url: collisions are out of reach for any estate, and 12 characters a key. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key.toLowerCase()).digest('base64url').slice(0, 12);
}

const HOUR = 3_600_000;

/** The last finished backup of the item failed. */
export function isFailing(item: DigestItem): boolean {
  return item.lastAttemptFailed;
}

/** Hours since the last good backup beyond what the item's policy allows; undefined when it is within policy. */
export function overdueHours(item: DigestItem, now: Date): number | undefined {
  if (item.everyHours === undefined || item.everyHours <= 0) return undefined;
  const allowed = (item.everyHours + DIGEST_GRACE_HOURS) * HOUR;
  const last = item.lastGoodAt === undefined ? undefined : Date.parse(item.lastGoodAt);
  // No good backup in Resource Graph's 14 days (and none on the item): overdue by at least that.
  const since = last === undefined || Number.isNaN(last) ? 14 * 24 : (now.getTime() - last) / HOUR;
  return since * HOUR > allowed ? since : undefined;
}

/**
 * Minutes a running backup has run when that is far longer than usual: three times the item's usual time and an hour
 * more than it, or six hours when the item has no completed backup to compare with; otherwise undefined.
 */
export function runningLongMinutes(item: DigestItem, now: Date): number | undefined {
  if (item.runningSince === undefined) return undefined;
  const minutes = (now.getTime() - Date.parse(item.runningSince)) / 60_000;
  if (!(minutes >= DIGEST_RUNNING_MIN_HOURS * 60)) return undefined;
  const usual = item.typicalMinutes;
  const long = usual === undefined ? minutes >= 6 * 60 : minutes >= Math.max(3 * usual, usual + 60);
  return long ? minutes : undefined;
}

function markOf(v: VaultHealth): VaultMark {
  return { name: v.name, level: v.securityLevel, softDelete: v.softDelete, immutability: v.immutability, mua: v.mua };
}

/** The snapshot of one scope's answer; `snoozed` items are left out, as they are of the digest. */
export function takeSnapshot(data: DigestData, complete: boolean, snoozed: ReadonlySet<string>): DigestSnapshot {
  const failing = data.items.filter((i) => isFailing(i) && !snoozed.has(i.key)).map((i) => keyHash(i.key));
  const vaults: Record<string, VaultMark> = {};
  for (const v of data.vaults) vaults[keyHash(v.id)] = markOf(v);
  const snapshot: DigestSnapshot = {
    v: 1,
    failing: failing.slice(0, MAX_SNAPSHOT_KEYS),
    complete: complete && failing.length <= MAX_SNAPSHOT_KEYS,
    vaults,
  };
  const unprotected = data.unprotected;
  if (unprotected?.complete && unprotected.datasources.length <= MAX_SNAPSHOT_KEYS) {
    snapshot.unprotected = unprotected.datasources.map((d) => keyHash(d.id));
  }
  if (unprotected?.complete && unprotected.stopped.length <= MAX_SNAPSHOT_KEYS) {
    snapshot.stopped = unprotected.stopped.map((d) => keyHash(d.id));
  }
  return snapshot;
}

/** A stored snapshot, or undefined when it is not one this version wrote (then the next digest has no deltas). */
export function readSnapshot(value: unknown): DigestSnapshot | undefined {
  const s = value as Partial<DigestSnapshot> | null;
  if (s === null || typeof s !== 'object' || s.v !== 1 || !Array.isArray(s.failing)) return undefined;
  if (typeof s.vaults !== 'object' || s.vaults === null || typeof s.complete !== 'boolean') return undefined;
  return s as DigestSnapshot;
}

/** Settings a vault lost since the snapshot, in words ("soft delete turned off (was always on)"); empty when none. */
export function vaultLosses(before: VaultMark, now: VaultHealth): string[] {
  const lost: string[] = [];
  const onBefore = before.softDelete === 'on' || before.softDelete === 'always-on';
  if (onBefore && now.softDelete === 'off') {
    lost.push(`soft delete turned off (was ${before.softDelete === 'always-on' ? 'always on' : 'on'})`);
  }
  const immutability: Record<ImmutabilityState, number> = { locked: 2, unlocked: 1, disabled: 0, unknown: -1 };
  if (immutability[now.immutability] >= 0 && immutability[now.immutability] < immutability[before.immutability]) {
    lost.push(`immutability ${now.immutability} (was ${before.immutability})`);
  }
  if (before.mua === 'on' && now.mua === 'off') lost.push('multi-user authorization removed');
  const rank: Record<SecurityLevel, number> = { Excellent: 3, Good: 2, Fair: 1, Poor: 0 };
  if (rank[now.securityLevel] < rank[before.level]) lost.push(`security level ${before.level} → ${now.securityLevel}`);
  return lost;
}
