// Which job statuses end a backup: tracking stops there and the card shows the outcome.
import type { JobStatus } from '../domain/jobs';

const FINISHED: readonly JobStatus[] = ['Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled'];

export function isFinished(status: JobStatus): boolean {
  return FINISHED.includes(status);
}
