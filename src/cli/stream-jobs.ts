// `query jobs … --all`: every matching job as NDJSON on stdout, written page by page as Resource Graph answers and
// only as fast as the reader takes it (the pipe's backpressure), then partial-answer warnings and totals on stderr.
import { once } from 'node:events';
import type { BackupData, StreamEnd } from '../azure/backup-data';
import type { JobsCommand } from '../core/commands/types';
import type { BackupFilters } from '../core/domain/filters';
import type { CliFlags } from './args';
import type { Rendered } from './render';
import { describePartial } from './render';
import { formatCount } from './table';

/** Where the lines go: process.stdout, or any writable stream. */
export type LineSink = NodeJS.WritableStream;

export async function streamJobLines(
  data: BackupData,
  command: JobsCommand,
  filters: BackupFilters,
  flags: CliFlags,
  out: LineSink,
): Promise<Omit<Rendered, 'stdout'>> {
  // A reader that goes away (`| head`) ends the stream, and with it the requests to Azure.
  const stop = new AbortController();
  let closed: Error | undefined;
  const onError = (err: Error): void => {
    closed = err;
    stop.abort(err);
  };
  out.on('error', onError);
  let written = 0;
  let end: StreamEnd | undefined;
  try {
    for await (const item of data.streamJobs(command.status, filters, { signal: stop.signal })) {
      if (item.kind === 'end') {
        end = item;
        continue;
      }
      let chunk = '';
      for (const job of item.jobs) chunk += `${JSON.stringify(job)}\n`;
      written += item.jobs.length;
      if (!out.write(chunk)) await once(out, 'drain', { signal: stop.signal });
    }
  } catch (err) {
    if (closed && isBrokenPipe(closed)) return { stderr: [], exitCode: 0 };
    throw closed ?? err;
  } finally {
    out.off('error', onError);
  }
  return describeEnd(end, written, flags);
}

function describeEnd(end: StreamEnd | undefined, written: number, flags: CliFlags): Omit<Rendered, 'stdout'> {
  if (!end) throw new Error('the job stream ended without its summary');
  const stderr = describePartial(end.partial);
  const failed = end.partial.some((n) => n.kind === 'failed-batch' || n.kind === 'throttled' || n.kind === 'timeout');
  // Nothing read and something failed: no lines would claim "no jobs" where the truth is "unknown".
  const unanswered = failed && written === 0;
  if (unanswered) stderr.push('error: Azure Resource Graph returned nothing for this question; the answer is unknown.');
  const seconds = (end.stats.argMs / 1000).toFixed(1);
  const { requests } = end.stats;
  stderr.push(
    `streamed ${formatCount(written)} jobs (${formatCount(requests)} Resource Graph request${requests === 1 ? '' : 's'}, ${seconds} s waiting on Azure)`,
  );
  if (flags.showQuery) stderr.push(...end.kql.map((kql, i) => `-- query ${i + 1}\n${kql.trim()}`));
  return { stderr, exitCode: unanswered ? 1 : 0 };
}

function isBrokenPipe(err: Error): boolean {
  return (err as NodeJS.ErrnoException).code === 'EPIPE';
}
