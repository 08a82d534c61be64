// Test helpers: run a query over small in-memory tables, evaluate one scalar expression, catch KqlErrors.
import type { Row } from '../../../src/sim/estate/types';
import { KqlError, type QueryResult, type RunOptions, runQuery } from '../../../src/sim/kql';

export const NOW = new Date('2026-11-24T08:00:00Z');

export type Tables = Record<string, Row[]>;

export function run(query: string, tables: Tables = {}, options: Partial<RunOptions> = {}): QueryResult {
  const source = (name: string) =>
    tables[name] ?? (name === 'Resources' || name === 'ResourceContainers' ? [] : undefined);
  return runQuery(query, source, { now: NOW, ...options });
}

export function rows(query: string, tables: Tables = {}): Row[] {
  return run(query, tables).rows;
}

/** Column names and types as `name:type`, the way a schema reads. */
export function schema(query: string, tables: Tables = {}): string[] {
  return run(query, tables).columns.map((c) => `${c.name}:${c.type}`);
}

/** The value of `expr` evaluated over a single Resources row (`properties` holds `props`). */
export function scalar(expr: string, props: Record<string, unknown> = {}, row: Row = {}): unknown {
  const result = run(`Resources | project x = ${expr}`, {
    Resources: [{ id: 'r1', name: 'n1', properties: props, ...row }],
  });
  return result.rows[0]?.x;
}

/** The KqlError that running `query` throws (fails the test when it does not throw one). */
export function kqlError(query: string, tables: Tables = {}): KqlError {
  try {
    run(query, tables);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error(`expected a KqlError from: ${query}`);
}
