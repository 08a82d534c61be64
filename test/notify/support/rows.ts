// Rows the notification tests put into the Azure stand-in: the Backup vault instances that can fail (each with a
// name no other has, so a message line names exactly one) and backup jobs of theirs that fail or succeed at a time.
import { buildBvJobRow } from '../../../src/sim/estate';
import type { Estate, Row } from '../../../src/sim/estate/types';

const MIN = 60_000;

export const props = (row: Row | undefined) => (row?.properties ?? {}) as Record<string, unknown>;
export const lower = (v: unknown) => String(v ?? '').toLowerCase();
export const nameOf = (r: Row) => String(props(r).friendlyName);

/** Configured Backup vault instances with a unique friendly name, in estate order. */
export function failableInstances(estate: Estate): Row[] {
  const rows = estate.tables.RecoveryServicesResources.filter(
    (r) =>
      lower(r.type) === 'microsoft.dataprotection/backupvaults/backupinstances' &&
      props(r).currentProtectionState === 'ProtectionConfigured',
  );
  const names = new Map<string, number>();
  for (const r of rows) names.set(lower(nameOf(r)), (names.get(lower(nameOf(r))) ?? 0) + 1);
  return rows.filter((r) => names.get(lower(nameOf(r))) === 1);
}

let serial = 0;

/** A scheduled backup of `instance` that ran five minutes and ended at `at`; `name` is the job's own (unique). */
export function backupJob(
  instance: Row,
  status: 'Failed' | 'Completed',
  at: Date,
  options: { code?: string; name?: string } = {},
): Row {
  serial++;
  return buildBvJobRow(instance, {
    jobId: options.name ?? `notify-test-${serial}-${status}`,
    startTime: new Date(at.getTime() - 5 * MIN),
    endTime: at,
    isUserTriggered: false,
    status,
    ruleName: 'BackupDaily',
    ...(status === 'Failed'
      ? {
          error: {
            code: options.code ?? 'UserErrorDiskSnapshotNotFound',
            message: 'The disk snapshot could not be found.',
            recommendations: ['Run a backup again.'],
          },
        }
      : {}),
  });
}
