// Long-running operations of the two trigger APIs. An operation is InProgress for a configurable number of polls,
// then Succeeded (it succeeds once the job exists, not when the backup finishes: the job is tracked separately).
import { randomUUID } from 'node:crypto';
import type { LroConfig } from './types';

export interface Operation {
  id: string;
  kind: 'rsv' | 'bv';
  /** Lower-case ARM id of the protected item / backup instance. */
  itemId: string;
  /** Item and vault paths as the caller spelled them (used to build the URLs and ids we hand out). */
  itemPath: string;
  vaultPath: string;
  apiVersion: string;
  jobId: string;
  startTime: Date;
  endTime?: Date;
  polls: number;
}

export const DEFAULT_LRO: Required<LroConfig> = { pollsBeforeDone: 1, retryAfterSeconds: 1, statusNamesJob: true };

export class OperationStore {
  private ops = new Map<string, Operation>();

  constructor(readonly config: Required<LroConfig>) {}

  create(fields: Omit<Operation, 'id' | 'polls'>): Operation {
    const op: Operation = { ...fields, id: randomUUID(), polls: 0 };
    this.ops.set(op.id, op);
    return op;
  }

  /** The operation when it exists and belongs to the given path prefix (the vault or item in the URL). */
  find(opId: string, pathPrefix: string): Operation | undefined {
    const op = this.ops.get(opId.toLowerCase());
    if (!op) return undefined;
    const prefix = pathPrefix.toLowerCase();
    return op.itemPath.toLowerCase().startsWith(prefix) ? op : undefined;
  }

  /** Counts a poll and says whether the operation is done now. */
  poll(op: Operation, now: Date): boolean {
    op.polls += 1;
    const done = op.polls > this.config.pollsBeforeDone;
    if (done && !op.endTime) op.endTime = now;
    return done;
  }

  clear(): void {
    this.ops.clear();
  }
}

export function retryAfter(config: Required<LroConfig>): Record<string, string> {
  return { 'retry-after': String(config.retryAfterSeconds) };
}
