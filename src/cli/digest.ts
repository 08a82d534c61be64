// `npm run cli -- digest [filters] [--json] [--show-query]`: the digest a conversation would get, for scripts, cron
// and e-mail: the same answer and the same words as the card, as text (UTC) or as JSON.
import type { AzureBackend } from '../compose-azure';
import type { CommandFilters } from '../core/commands/types';
import { buildDigest } from '../core/digest/report';
import { fetchDigestData, recoveredSinceOf, scopeRequest, subscriptionNames } from '../core/digest/run';
import type { DigestViewModel } from '../core/digest/view-models';
import { createMemoryStash } from '../core/memory-stash';
import { createTimeFormat } from '../core/views/shared/time';

export interface DigestOutput {
  stdout: string;
  stderr: string[];
  exitCode: 0 | 1;
}

/** The digest as plain text: what the card says, without its buttons. */
export function digestText(m: DigestViewModel): string {
  const out = [m.title, m.subtitle, '', m.headline];
  for (const note of m.notes) out.push(note);
  if (m.failures.length > 0) out.push('', 'Failures of the last 24 h by error code');
  for (const g of m.failures) {
    out.push('', g.heading);
    for (const a of g.advice) out.push(`  ${a.cause}`, `  Fix: ${a.fix}`, `  ${a.learn.label}: ${a.learn.url}`);
    out.push(`  Items: ${g.items}`);
  }
  out.push(...m.failuresMore);
  for (const s of m.sections) out.push('', s.title, ...s.lines.map((l) => `  ${l}`));
  out.push('', m.generatedAt);
  return out.join('\n');
}

export async function runDigest(
  backend: Pick<AzureBackend, 'backupData'>,
  filters: CommandFilters,
  flags: { json: boolean; showQuery: boolean },
  now = new Date(),
): Promise<DigestOutput> {
  const [[result], names] = await Promise.all([
    fetchDigestData(backend.backupData, [scopeRequest(filters, recoveredSinceOf(undefined, now))]),
    subscriptionNames(backend.backupData),
  ]);
  if (result === undefined) throw new Error('the data layer gave no answer');
  const built = await buildDigest({
    result,
    names,
    filters,
    now,
    time: createTimeFormat('UTC'),
    snoozes: [],
    kind: 'preview',
    title: 'Backup digest',
    offerRetry: false,
    stash: createMemoryStash(),
  });
  const stderr = result.partial.map((n) => `warning: partial answer: ${n.detail}`);
  const failed = result.partial.length > 0 && result.stats.rows === 0;
  if (failed) stderr.push('error: Azure Resource Graph returned nothing for this digest; the answer is unknown.');
  const { buttons: _b, views: _v, manage: _m, query: _q, ...model } = built.model;
  const stdout = flags.json
    ? JSON.stringify(
        {
          view: 'digest',
          filters,
          digest: model,
          hasNews: built.hasNews,
          partial: result.partial,
          stats: result.stats,
          ...(flags.showQuery ? { kql: result.kql } : {}),
        },
        null,
        2,
      )
    : [
        digestText(built.model),
        ...(flags.showQuery ? ['', ...result.kql.flatMap((k, i) => [`-- query ${i + 1}`, k])] : []),
      ].join('\n');
  return { stdout, stderr, exitCode: failed ? 1 : 0 };
}
