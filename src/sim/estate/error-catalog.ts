// The Azure Backup error catalog the stand-in uses for failed jobs, SQL/HANA lastBackupErrorDetail and alerts:
// look-ups by readable code, by RSV numeric code and by workload, and conversion to job-row error inputs.
import type { Workload } from './arm';
import { BV_ERRORS } from './errors-bv';
import { RSV_ERRORS } from './errors-rsv';
import type { Rng } from './prng';

export interface BackupError {
  /**
   * The readable code shown by the portal, Log Analytics (`JobFailureCode`) and alerts, e.g.
   * `UserErrorVmNotInDesirableState`.
   */
  code: string;
  /**
   * RSV job rows carry `errorDetails[].errorCode` as an int. Invented unless `numericVerified`; absent for BV errors.
   */
  numericCode?: number;
  numericVerified?: true;
  message: string;
  recommendations: readonly string[];
  workloads: readonly Workload[];
  /** Relative frequency among the generated failures of a workload (0 = only used for a specific situation). */
  weight: number;
  /** False where Azure Backup suppresses Backup Failure alerts (another backup running, VM deleted). */
  raisesAlert: boolean;
  /** True when an immediate retry has a fair chance of succeeding (transient or timing problems). */
  retryable: boolean;
  /** 'docs': code and message as in Microsoft's troubleshooting docs; 'code-only': the message wording is ours. */
  verified: 'docs' | 'code-only';
}

/**
 * Workloads for which Azure Backup raises built-in "Backup Failure" alerts (docs/azure-facts.md §6: not Blobs; AKS is
 * not listed).
 */
export const ALERTING_WORKLOADS: readonly Workload[] = ['vm', 'sql', 'hana', 'files', 'postgres', 'disks'];

export const ERROR_CATALOG: readonly BackupError[] = [...RSV_ERRORS, ...BV_ERRORS];

const byCode = new Map(ERROR_CATALOG.map((e) => [e.code.toLowerCase(), e]));
const byNumber = new Map(ERROR_CATALOG.filter((e) => e.numericCode !== undefined).map((e) => [e.numericCode, e]));

export function findBackupError(code: string): BackupError | undefined {
  return byCode.get(code.toLowerCase());
}

export function findBackupErrorByNumber(numericCode: number): BackupError | undefined {
  return byNumber.get(numericCode);
}

export function backupErrorsFor(workload: Workload): BackupError[] {
  return ERROR_CATALOG.filter((e) => e.workloads.includes(workload));
}

const pickLists = new Map<Workload, (readonly [BackupError, number])[]>();

/** A weighted random failure for a workload (entries with weight 0 are reserved for specific situations). */
export function pickBackupError(rng: Rng, workload: Workload): BackupError {
  let list = pickLists.get(workload);
  if (!list) {
    list = backupErrorsFor(workload)
      .filter((e) => e.weight > 0)
      .map((e) => [e, e.weight] as const);
    pickLists.set(workload, list);
  }
  return rng.weighted(list);
}

export function raisesBackupFailureAlert(error: BackupError, workload: Workload): boolean {
  return error.raisesAlert && ALERTING_WORKLOADS.includes(workload);
}

/** The `error` input of buildRsvJobRow for a catalog entry. */
export function toRsvJobError(error: BackupError): RsvJobErrorInput {
  return {
    code: error.numericCode ?? 0,
    codeName: error.code,
    message: error.message,
    recommendations: [...error.recommendations],
  };
}

/** The `error` input of buildBvJobRow for a catalog entry. */
export function toBvJobError(error: BackupError): BvJobErrorInput {
  return {
    code: error.code,
    message: error.message,
    recommendations: [...error.recommendations],
    isRetryable: error.retryable,
  };
}

export interface RsvJobErrorInput {
  /** `errorDetails[].errorCode` (int). */
  code: number;
  /** The readable code; when absent it is looked up from `code` in the catalog. */
  codeName?: string;
  title?: string;
  message: string;
  recommendations: string[];
}

export interface BvJobErrorInput {
  code: string;
  title?: string;
  message: string;
  recommendations: string[];
  isRetryable?: boolean;
}
