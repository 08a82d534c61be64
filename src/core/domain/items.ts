// The `items` list: backup items of both vault kinds with how their protection stands, and the stale ones (no good
// backup within their policy's schedule) with what the policy expects.
import type { BackupInstance } from './instances';

/**
 * What `items <state>` narrows to. protected: protection is active (backups run: Protected, being configured, in error,
 * retention suspended); stopped: stopped with data retained, suspended or soft-deleted (the unprotected view's
 * "protection stopped or soft-deleted"); failing: active and its last backup failed; stale: active and its newest good
 * backup is older than its policy's interval plus a grace, or there is none.
 */
export const ITEMS_STATES = ['protected', 'stopped', 'failing', 'stale'] as const;
export type ItemsState = (typeof ITEMS_STATES)[number];

/**
 * How an item's protection stands, by the rules the unprotected view classes a datasource's cover with
 * (src/azure/unprotected/*.kql): active; stopped (ProtectionStopped, RSV ProtectionPaused / BackupsSuspended, BV
 * BackupSchedulesSuspended); softDeleted; notConfigured (ConfiguringProtectionFailed, NotProtected).
 */
export const PROTECTION_COVERS = ['active', 'stopped', 'softDeleted', 'notConfigured'] as const;
export type ProtectionCover = (typeof PROTECTION_COVERS)[number];

/** Why a stale item is stale: the policy's interval and the newest good backup the data shows. */
export interface StaleFacts {
  /** The policy's longest normal gap between backups, in hours (daily 24, weekly up to 168, every 4 h 4, …). */
  everyHours: number;
  /** Allowed on top of `everyHours` before an item is stale (a backup starts in its window and takes a while). */
  graceHours: number;
  /**
   * Newest good backup (ISO UTC): the newest of the item's own last good backup and recovery point (Recovery Services)
   * and its newest successful backup job (both kinds; Resource Graph keeps 14 days of jobs). Absent: none known.
   */
  lastGoodAt?: string;
  /** Newest finished backup attempt, good or failed (ISO UTC), and whether it failed. */
  lastAttemptAt?: string;
  lastAttemptFailed: boolean;
}

export interface ItemsRow {
  instance: BackupInstance;
  cover: ProtectionCover;
  /** Set on `items stale` rows. */
  stale?: StaleFacts;
}

export interface ItemsList {
  /** `items`: problems first (as the instance list); `items stale`: no good backup known first, then oldest first. */
  rows: ItemsRow[];
  /** More rows match than were returned. */
  hasMore: boolean;
}

export interface ItemsQuery {
  state?: ItemsState;
  /** The request's clock: `stale` is judged against it, not Azure's. */
  now: Date;
}

/** The item's policy by name; a Backup vault instance may carry only its id (policyInfo.name is not in the spec). */
export function policyNameOf(i: Pick<BackupInstance, 'policy'>): string | undefined {
  return i.policy?.name ?? i.policy?.id?.split('/').pop();
}

export function toProtectionCover(value: string | undefined): ProtectionCover {
  const v = (value ?? '').toLowerCase();
  return PROTECTION_COVERS.find((c) => c.toLowerCase() === v) ?? 'active';
}
