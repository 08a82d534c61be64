// An ArgQueryRunner over the stand-in's KQL engine, in process: runs the bound queries over an estate file's tables.
// (The HTTP path, arg-client → stand-in server, is the client's and the server's to test; this checks the queries.)
import { readFileSync } from 'node:fs';
import type { ArgQuery, ArgQueryRunner, ArgResult, ArgRow } from '../../../src/azure/arg-types';
import { runQuery } from '../../../src/sim/kql/run';

export function loadEstateTables(path: string): Record<string, ArgRow[]> {
  const estate = JSON.parse(readFileSync(path, 'utf8')) as { tables: Record<string, ArgRow[]> };
  return estate.tables;
}

export class EngineRunner implements ArgQueryRunner {
  readonly sent: string[] = [];
  constructor(
    private readonly tables: Record<string, ArgRow[]>,
    private readonly now: Date,
  ) {}

  async query(q: ArgQuery): Promise<ArgResult> {
    this.sent.push(q.kql);
    const subs = q.scope?.subscriptions?.map((s) => s.toLowerCase());
    const result = runQuery(q.kql, (name) => this.tables[name] ?? (name in this.tables ? [] : undefined), {
      now: this.now,
      ...(subs ? { rowFilter: (row) => subs.includes(String(row['subscriptionId'] ?? '').toLowerCase()) } : {}),
    });
    const rows = q.maxRows !== undefined ? result.rows.slice(0, q.maxRows) : result.rows;
    return {
      rows,
      partial: rows.length < result.rows.length ? [{ kind: 'row-limit', detail: `first ${q.maxRows} rows` }] : [],
      stats: { requests: 1, rows: rows.length, argMs: 0 },
      fromCache: false,
    };
  }
}
