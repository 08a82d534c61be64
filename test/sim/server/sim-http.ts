// Plain-fetch calls to a running stand-in for the change-over-time tests: Resource Graph queries, /_sim admin routes
// and an RSV backup trigger, each answering status and JSON so tests can assert refusals as well as results.
import type { Row } from '../../../src/sim/estate/types';

export interface ArgPage {
  totalRecords: number;
  count: number;
  data: Row[];
  $skipToken?: string;
}

export interface Answer<T = unknown> {
  status: number;
  json: T;
}

async function call<T>(url: string, init: RequestInit): Promise<Answer<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, json: (text === '' ? undefined : JSON.parse(text)) as T };
}

/** One ARG page; fails the test unless the stand-in answers 200. */
export async function argQuery(
  base: string,
  query: string,
  options: { $top?: number; $skipToken?: string } = {},
): Promise<ArgPage> {
  const answer = await call<ArgPage>(`${base}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
    method: 'POST',
    headers: { authorization: 'Bearer change-tests', 'content-type': 'application/json' },
    body: JSON.stringify({ query, options }),
  });
  if (answer.status !== 200) throw new Error(`ARG answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer.json;
}

/** Every row of a query, following $skipToken. */
export async function argAll(base: string, query: string, top = 1000): Promise<Row[]> {
  const rows: Row[] = [];
  let skipToken: string | undefined;
  do {
    const page = await argQuery(base, query, { $top: top, ...(skipToken ? { $skipToken: skipToken } : {}) });
    rows.push(...page.data);
    skipToken = page.$skipToken;
  } while (skipToken);
  return rows;
}

/** A /_sim admin call; `body` is sent as JSON unless it is already a string (to send malformed text). */
export function simAdmin<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const payload = body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) };
  return call<T>(`${base}/_sim/${path}`, { method, ...payload });
}

/** POST …/backup on an RSV protected item (a VM backup request). */
export function triggerRsvBackup(base: string, itemId: string): Promise<Answer<{ error?: { code: string } }>> {
  const path = itemId.split('/').map(encodeURIComponent).join('/');
  return call(`${base}${path}/backup?api-version=2023-06-01`, {
    method: 'POST',
    headers: { authorization: 'Bearer change-tests', 'content-type': 'application/json' },
    body: JSON.stringify({ properties: { objectType: 'IaasVMBackupRequest' } }),
  });
}
