// "Show query": the exact bound KQL behind an answer, ready to paste into Azure Resource Graph Explorer.
// Teams shows it in place (Action.ShowCard); Slack has no toggle, so its button posts the query as a reply (view
// "query"). The KQL runs to several KB per answer, so the Slack button carries a stash id, never the text.

import { PAYLOAD_VERSION, type PayloadStash } from '../../commands/payload';
import { type PortalOptions, resourceGraphExplorerHomeUrl, resourceGraphExplorerUrl } from '../../portal-links';
import type { CardLink, QueryText, ShowQuery } from '../../view-models/common';

/** How long a "Show query" button works; as long as a jobs button (ARG keeps jobs 14 days). */
export const QUERY_STASH_TTL_MS = 14 * 24 * 3_600_000;

export const QUERY_HINT = 'Paste a query into Azure Resource Graph Explorer to see the rows behind this answer.';

/** A button payload `{v, q, i?}`: q = stash id of the answer's queries, i = which one to show (Slack pages them). */
export interface QueryPayload {
  v: number;
  q: string;
  i?: number;
  /** 1: the queries open in a new message and the clicked card stays (a digest's "Show queries"). */
  n?: 1;
}

function titled(kql: readonly string[]): QueryText[] {
  return kql.map((text, i) => ({
    title: kql.length === 1 ? 'Query' : `Query ${i + 1} of ${kql.length}`,
    kql: text,
  }));
}

/** The "Show query" part of a view model, or undefined when the answer ran no query (e.g. an empty estate lookup). */
export async function showQuery(
  kql: readonly string[],
  stash: PayloadStash,
  portal: PortalOptions = {},
  options: { newMessage?: boolean } = {},
): Promise<ShowQuery | undefined> {
  if (kql.length === 0) return undefined;
  const id = await stash.put({ kql: [...kql] }, QUERY_STASH_TTL_MS);
  const payload: QueryPayload = { v: PAYLOAD_VERSION, q: id, ...(options.newMessage ? { n: 1 as const } : {}) };
  return {
    label: kql.length === 1 ? 'Show query' : `Show queries (${kql.length})`,
    queries: titled(kql),
    payload: JSON.stringify(payload),
    hint: QUERY_HINT,
    explorer: explorerLink(kql, portal),
  };
}

/** Explorer with the query filled in when there is one query short enough for a URL, else Explorer itself. */
export function explorerLink(kql: readonly string[], portal: PortalOptions): CardLink {
  const filled = kql.length === 1 ? resourceGraphExplorerUrl(kql[0] as string, portal) : undefined;
  return filled !== undefined
    ? { label: 'Run in Resource Graph Explorer', url: filled }
    : { label: 'Open Resource Graph Explorer', url: resourceGraphExplorerHomeUrl(portal) };
}

/** The query payload in a click, or undefined when the click is something else (a command). */
export function readQueryPayload(data: unknown): QueryPayload | undefined {
  let value = data;
  if (typeof value === 'string') {
    if (!value.includes('"q"')) return undefined;
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r.v !== PAYLOAD_VERSION || typeof r.q !== 'string' || r.q === '' || 'c' in r) return undefined;
  const i = typeof r.i === 'number' && Number.isInteger(r.i) && r.i >= 0 ? r.i : undefined;
  return { v: PAYLOAD_VERSION, q: r.q, ...(i === undefined ? {} : { i }) };
}

/** The queries a query payload names, or undefined when they expired. */
export async function loadQueries(payload: QueryPayload, stash: PayloadStash): Promise<QueryText[] | undefined> {
  const stored = await stash.get(payload.q);
  if (typeof stored !== 'object' || stored === null) return undefined;
  const kql = (stored as { kql?: unknown }).kql;
  if (!Array.isArray(kql) || !kql.every((k) => typeof k === 'string')) return undefined;
  return titled(kql as string[]);
}

/** The payload that shows query `i` of the same answer (Slack's "Next query" button). */
export function queryPagePayload(payload: QueryPayload, i: number): string {
  return JSON.stringify({ v: PAYLOAD_VERSION, q: payload.q, i } satisfies QueryPayload);
}
