// The retry feature's settings (RETRY_*, ARM_REQUEST_TIMEOUT_SECONDS), read by loadConfig in src/config.ts: how long
// a claim and a recovery point last, how often a started job is read, how long Azure may take to answer, and how
// many refusals per person are written to the audit one by one.
import { type RawEnv, readIntegerIn } from './config-values';

export interface RetryConfig {
  /** Days a Recovery Services on-demand recovery point is kept (Backup vaults: the policy rule's retention). */
  readonly retentionDays: number;
  /** One on-demand backup per item within this many minutes, whoever clicks, on every replica. */
  readonly claimWindowMinutes: number;
  /** How often a started backup job is read again for the card's progress (seconds). */
  readonly pollSeconds: number;
  /** Each ARM request of a retry (trigger, operation status, job reads) fails after this long without an answer. */
  readonly armRequestTimeoutSeconds: number;
  /** Refused retries written to the audit one by one per person and minute; beyond that, one summary record. */
  readonly refusalAuditPerMinute: number;
}

export function readRetry(env: RawEnv, mode: 'demo' | 'azure'): RetryConfig {
  return {
    // Azure's own bounds for an on-demand recovery point (docs/azure-facts.md §4.1); 30 days is the portal's default.
    retentionDays: readIntegerIn(env, 'RETRY_RETENTION_DAYS', { fallback: 30, min: 1, max: 3650, unit: 'days' }),
    claimWindowMinutes: readIntegerIn(env, 'RETRY_CLAIM_WINDOW_MINUTES', {
      fallback: 30,
      min: 1,
      max: 24 * 60,
      unit: 'minutes',
    }),
    // The demo's jobs finish in 20 s: poll often enough that a newcomer sees them move.
    pollSeconds: readIntegerIn(env, 'RETRY_POLL_SECONDS', {
      fallback: mode === 'demo' ? 5 : 30,
      min: 1,
      max: 600,
      unit: 'seconds',
    }),
    // A trigger Azure holds this long ends as "Azure did not confirm" (outcome unknown), never as a wait forever.
    armRequestTimeoutSeconds: readIntegerIn(env, 'ARM_REQUEST_TIMEOUT_SECONDS', {
      fallback: 30,
      min: 1,
      max: 600,
      unit: 'seconds',
    }),
    // Enough for a person's honest mistakes; a flood of refused clicks cannot push other records out of `audit`.
    refusalAuditPerMinute: readIntegerIn(env, 'RETRY_REFUSAL_AUDIT_PER_MINUTE', {
      fallback: 10,
      min: 1,
      max: 1000,
      unit: 'records',
    }),
  };
}
