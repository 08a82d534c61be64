// The ARG tables a query can scan: case-insensitive names, their fixed columns, and the row filter of the request
// (and, for late columns (late-rows.ts), scans of given rows or of copies of the fields a query reads).

import { type Row, TABLE_NAMES } from '../estate/types';
import type { KqlType } from './api';
import { type QueryContext, type Schema, type SchemaColumn, type Stage, streamingStage } from './frame';

/** Columns every ARG resource table has (Resources, RecoveryServicesResources, ResourceContainers, …). */
export const STRING_COLUMNS = [
  'id',
  'name',
  'type',
  'tenantId',
  'kind',
  'location',
  'resourceGroup',
  'subscriptionId',
  'managedBy',
];
export const DYNAMIC_COLUMNS = ['sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation'];
/**
 * Columns a row has only when the query names them. ARG documents `aliases` (Azure Policy alias → value): "isn't
 * provided by default in the results of a query. Use `project aliases` to explicitly add it"; `apiVersion` (the API version ARG read the resource with; Microsoft's sample
 * `distinct type, apiVersion`) is treated the same way (unverified whether ARG shows it unasked). Values come from the
 * estate's rows (null / "" when a row has none).
 */
export const OPT_IN_COLUMNS: readonly { name: string; type: KqlType }[] = [
  { name: 'apiVersion', type: 'string' },
  { name: 'aliases', type: 'dynamic' },
];
const SAMPLE_ROWS = 50;

/** ARG accepts table names in any case (`resources`, `Resources`), unlike Kusto. */
export function canonicalTableName(name: string): string {
  return TABLE_NAMES.find((t) => t.toLowerCase() === name.toLowerCase()) ?? name;
}

function typeOfValue(v: unknown): KqlType {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  return 'dynamic';
}

/** Fixed ARG columns, the opt-in ones the query names, and other top-level keys seen in the first rows. */
function tableColumns(rows: readonly Record<string, unknown>[], queryText: string): SchemaColumn[] {
  const columns: SchemaColumn[] = [
    ...STRING_COLUMNS.map((name) => ({ name, type: 'string' as KqlType })),
    ...DYNAMIC_COLUMNS.map((name) => ({ name, type: 'dynamic' as KqlType })),
    ...OPT_IN_COLUMNS.filter((c) => new RegExp(`\\b${c.name}\\b`).test(queryText)),
  ];
  const known = new Set([...columns.map((c) => c.name), ...OPT_IN_COLUMNS.map((c) => c.name)]);
  for (const row of rows.slice(0, SAMPLE_ROWS)) {
    for (const [key, value] of Object.entries(row)) {
      if (known.has(key) || value === null || value === undefined) continue;
      known.add(key);
      columns.push({ name: key, type: typeOfValue(value) });
    }
  }
  return columns;
}

export function compileTableScan(name: string, pos: number, ctx: QueryContext): Stage {
  const table = canonicalTableName(name);
  const rows = ctx.source(table);
  if (!rows) return ctx.report.semantic(`Failed to resolve table expression named '${name}'`, pos);
  const schema: Schema = { columns: tableColumns(rows, ctx.report.text), layout: 'object', width: 0 };
  const given = ctx.scanRows;
  if (given) {
    return {
      schema,
      run: () => given().slice(),
      each: (emit) => {
        for (const r of given()) emit(r);
      },
    };
  }
  const filter = ctx.rowFilter;
  const copy = ctx.scanCopy;
  const each = (emit: (row: Row) => void) => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Row;
      if (!filter || filter(r, table)) emit(copy ? copy(r) : r);
    }
  };
  if (copy) return streamingStage(schema, each);
  return { schema, run: () => (filter ? rows.filter((r) => filter(r, table)) : (rows as unknown[])), each };
}
