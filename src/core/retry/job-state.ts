// Which job statuses end a backup: tracking stops there and the card shows the outcome.
import type { JobStatus } from '../domain/jobs';

export const FINISHED_STATUSES = [
  'Completed',
  'CompletedWithWarnings',
  'Failed',
  'Cancelled',
] as const satisfies readonly JobStatus[];
export type FinishedStatus = (typeof FINISHED_STATUSES)[number];

export function isFinished(status: JobStatus): status is FinishedStatus {
  return (FINISHED_STATUSES as readonly JobStatus[]).includes(status);
}
