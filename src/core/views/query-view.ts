// View "query": one KQL query behind an answer, posted when someone clicks "Show query" in Slack (Teams shows the
// queries in place). Cut at line ends into pieces under Slack's 3,000 characters per text object.

import type { PayloadStash } from '../commands/payload';
import type { Reply } from '../conversation-port';
import type { PortalOptions } from '../portal-links';
import type { QueryText } from '../view-models/common';
import type { QueryViewModel } from '../view-models/detail';
import { explorerLink, loadQueries, QUERY_HINT, type QueryPayload, queryPagePayload } from './shared/query';

/** Characters per piece: 3,000 less the code fence the template adds. */
export const QUERY_CHUNK_CHARS = 2_900;
/** Pieces per message: Slack's 10,000-character message ceiling holds three. */
const MAX_CHUNKS = 3;

/** Splits at line ends; a single line longer than `max` is split inside. */
export function chunkLines(text: string, max = QUERY_CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const pieces = line.length <= max ? [line] : (line.match(new RegExp(`.{1,${max}}`, 'gs')) ?? [line]);
    for (const piece of pieces) {
      if (current !== '' && current.length + 1 + piece.length > max) {
        chunks.push(current);
        current = piece;
      } else {
        current = current === '' ? piece : `${current}\n${piece}`;
      }
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

export function queryModel(
  queries: QueryText[],
  index: number,
  payload: QueryPayload,
  portal: PortalOptions,
): QueryViewModel {
  const i = Math.min(Math.max(0, index), queries.length - 1);
  const query = queries[i] as QueryText;
  const chunks = chunkLines(query.kql);
  const shown = chunks.slice(0, MAX_CHUNKS);
  const nav = queries
    .map((q, n) => ({ label: q.title, payload: queryPagePayload(payload, n) }))
    .filter((_, n) => n !== i);
  return {
    title: query.title,
    chunks: shown,
    query,
    hint:
      shown.length < chunks.length
        ? `${QUERY_HINT} Cut after ${shown.length} of ${chunks.length} parts: the query is longer than a Slack message allows.`
        : QUERY_HINT,
    explorer: explorerLink([query.kql], portal),
    nav: nav.slice(0, 10),
  };
}

/** The reply to a "Show query" click, or undefined when the stored queries expired. */
export async function queryReply(
  payload: QueryPayload,
  stash: PayloadStash,
  portal: PortalOptions,
): Promise<Reply | undefined> {
  const queries = await loadQueries(payload, stash);
  if (queries === undefined || queries.length === 0) return undefined;
  const model = queryModel(queries, payload.i ?? 0, payload, portal);
  return { view: 'query', model, ephemeral: true, summaryText: `${model.title}: the KQL behind the answer.` };
}
