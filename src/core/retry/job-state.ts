// Which job statuses end a backup: tracking stops there and the card shows the outcome.
import type { JobStatus } from '../domain/jobs';

const FINISHED = ['Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled'] as const satisfies readonly JobStatus[];
export type FinishedStatus = (typeof FINISHED)[number];

export function isFinished(status: JobStatus): status is FinishedStatus {
  return (FINISHED as readonly JobStatus[]).includes(status);
}
