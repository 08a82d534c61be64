// Row changes to a running stand-in (POST /_sim/rows, SimAdmin.putRows/deleteRows): validated, applied to the estate
// the way ARG would show them, and journalled so POST /_sim/reset puts every table back as it was.
import { type Estate, type Row, TABLE_NAMES, type TableName } from '../estate/types';
import { ArmError } from './http-util';

export interface RowChangeResult {
  added: number;
  replaced: number;
  deleted: number;
}

/** A POST /_sim/rows body: rows to add or replace, or ids of rows to delete (one or the other). */
export interface RowChange {
  table: string;
  rows?: unknown;
  delete?: unknown;
}

const USAGE =
  'Expected {"table": "<ARG table>", "rows": [{"id": "...", "type": "...", ...}]} or {"table": "<ARG table>", "delete": ["<id>", ...]}.';

export class RowEditor {
  /** Each changed table as it was before its first change since start or reset (the journal reset replays). */
  private originals = new Map<TableName, Row[]>();

  /** `changed` runs after every change and undo: caches holding rows (paging results, the trigger index) drop them. */
  constructor(
    private readonly estate: Estate,
    private readonly changed: () => void,
  ) {}

  apply(change: RowChange): RowChangeResult {
    const table = resolveTable(change.table);
    const rows = change.rows === undefined ? [] : checkRows(change.rows);
    const ids = change.delete === undefined ? [] : checkIds(change.delete);
    const current = this.estate.tables[table] ?? [];
    // Every change builds a new array, so the table as it was before the first change stays intact for reset.
    if (!this.originals.has(table)) this.originals.set(table, current);
    const result: RowChangeResult = { added: 0, replaced: 0, deleted: 0 };
    let next = [...current];
    if (ids.length > 0) {
      const gone = new Set(ids.map((id) => id.toLowerCase()));
      const kept = next.filter((r) => !gone.has(lowerId(r)));
      result.deleted = next.length - kept.length;
      next = kept;
    }
    if (rows.length > 0) {
      const slot = new Map<string, number>();
      for (const [i, r] of next.entries()) slot.set(lowerId(r), i);
      for (const row of rows) {
        const key = lowerId(row);
        const i = slot.get(key);
        if (i === undefined) {
          slot.set(key, next.length);
          next.push(row);
          result.added += 1;
        } else {
          // In the old row's place, so the table's order (and `take` over it) stays as before.
          next[i] = row;
          result.replaced += 1;
        }
      }
    }
    this.estate.tables[table] = next;
    this.changed();
    return result;
  }

  /** Undoes every change since start or the last reset. Triggered jobs are the JobTracker's to undo, after this. */
  reset(): void {
    if (this.originals.size === 0) return;
    for (const [table, rows] of this.originals) this.estate.tables[table] = rows;
    this.originals.clear();
    this.changed();
  }
}

/** Shape checks of the HTTP body; the fields themselves are checked by RowEditor.apply. */
export function parseRowChange(body: unknown): RowChange {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidRows(USAGE);
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !['table', 'rows', 'delete'].includes(k));
  if (unknown.length > 0) throw invalidRows(`Unknown field ${unknown.map((k) => `'${k}'`).join(', ')}. ${USAGE}`);
  if (fields.table === undefined) throw invalidRows(`"table" is missing. ${USAGE}`);
  // One or the other, as SimAdmin's putRows / deleteRows behind this route.
  if ((fields.rows === undefined) === (fields.delete === undefined))
    throw invalidRows(`Give either "rows" or "delete". ${USAGE}`);
  return fields as unknown as RowChange;
}

function resolveTable(name: unknown): TableName {
  const hit = typeof name === 'string' ? TABLE_NAMES.find((t) => t.toLowerCase() === name.toLowerCase()) : undefined;
  if (!hit) throw invalidRows(`Unknown table ${JSON.stringify(name)}; the stand-in serves ${TABLE_NAMES.join(', ')}.`);
  return hit;
}

/** Copies of the rows with `type` lower-cased as ARG stores it (`id` keeps its casing, as ARG's does). */
function checkRows(rows: unknown): Row[] {
  if (!Array.isArray(rows)) throw invalidRows(`"rows" must be an array of row objects, not ${describe(rows)}.`);
  return rows.map((row: unknown, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw invalidRows(`rows[${i}] must be an object, not ${describe(row)}.`);
    const r = row as Row;
    for (const field of ['id', 'type'] as const) {
      if (typeof r[field] !== 'string' || (r[field] as string).trim() === '')
        throw invalidRows(`rows[${i}] has no "${field}": every row needs a non-empty string ${field}.`);
    }
    // A copy, so a caller in the same process cannot change a stored row behind the caches' back.
    const copy = structuredClone(r);
    copy.type = (r.type as string).toLowerCase();
    return copy;
  });
}

function checkIds(ids: unknown): string[] {
  if (!Array.isArray(ids)) throw invalidRows(`"delete" must be an array of row ids, not ${describe(ids)}.`);
  ids.forEach((id: unknown, i) => {
    if (typeof id !== 'string' || id.trim() === '')
      throw invalidRows(`delete[${i}] must be a non-empty string (a row id), not ${describe(id)}.`);
  });
  return ids as string[];
}

function lowerId(row: Row): string {
  return String(row.id ?? '').toLowerCase();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : JSON.stringify(value);
}

function invalidRows(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message);
}
