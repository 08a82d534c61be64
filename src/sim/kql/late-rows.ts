// Late columns for queries that only filter, extend, project and order the rows of one table (the bot's job list):
// the query runs once to choose and order table rows, computing only what its where/sort/top need; the columns of an
// output row are computed from its table row when the row is formatted. A 1M-row result then holds row references,
// and each page of it costs a page.
import type { Column } from './api';
import type { Operator, Tabular } from './ast';
import { compileTabular } from './compile-tabular';
import { rowFormatter } from './format-rows';
import type { OrderedRows, QueryContext } from './frame';
import { callsFunction, type Needed, neededByPipeline } from './liveness';
import { compileTableScan } from './tables';
import type { Row } from './values';

/** Operators that keep each row one table row: filter, compute columns, order, cut. */
const SELECTING = new Set<Operator['kind']>([
  'where',
  'extend',
  'project',
  'project-away',
  'project-rename',
  'sort',
  'top',
  'take',
]);
/** What computes and names columns; the others only choose and order rows, which the first run already did. */
const COLUMN_OPERATORS = new Set<Operator['kind']>(['extend', 'project', 'project-away', 'project-rename']);

/**
 * True when every output row is one table row with columns computed from it alone (row_number() is computed from
 * the row's position, so a query using it is evaluated whole).
 */
export function selectsTableRows(body: Tabular): boolean {
  const numbersRows = body.operators.some(
    (op) =>
      (op.kind === 'extend' || op.kind === 'project') && op.items.some((i) => callsFunction(i.expr, 'row_number')),
  );
  return !numbersRows && body.source.kind === 'table' && body.operators.every((op) => SELECTING.has(op.kind));
}

export interface SelectedRows {
  columns: Column[];
  rowCount: number;
  /** Rows [start, end), formatted. */
  formatRows: (start: number, end: number) => Record<string, unknown>[];
}

/** A copy of the fields of a table row that `read` names (all of them for 'all'). */
function fieldCopier(read: Needed): (row: Record<string, unknown>) => Record<string, unknown> {
  if (read === 'all') return (row) => ({ ...row });
  const keys = [...read];
  return (row) => {
    const o: Record<string, unknown> = {};
    for (const key of keys) {
      const v = row[key];
      if (v !== undefined) o[key] = v;
    }
    return o;
  };
}

/** The fields of the table's rows that `ops` read, given what is read after them. */
function tableFieldsRead(body: Tabular, ops: Operator[], atEnd: Needed, ctx: QueryContext): Needed {
  const read = neededByPipeline(ops, atEnd);
  if (read === 'all' || body.source.kind !== 'table') return 'all';
  const scan = compileTableScan(body.source.name, body.source.pos, ctx);
  return new Set(scan.schema.columns.map((c) => c.key ?? c.name).filter((key) => read.has(key)));
}

function union(a: Needed, b: Needed): Needed {
  return a === 'all' || b === 'all' ? 'all' : new Set([...a, ...b]);
}

/**
 * Runs `body` to choose its table rows, and compiles, with `rebuildCtx`, the operators that compute the columns,
 * over a scan of given rows. `snapshot`: the scan hands on copies of the fields the query reads, so rows formatted
 * later show what the query saw even if the stand-in changes a table row meanwhile (it replaces a finished job's
 * properties); copied while the scan reads each row anyway, not later in sorted (random) order.
 */
export function selectTableRows(
  body: Tabular,
  ctx: QueryContext,
  rebuildCtx: QueryContext,
  snapshot: boolean,
): SelectedRows {
  const columnOps = body.operators.filter((op) => COLUMN_OPERATORS.has(op.kind));
  if (snapshot) {
    const read = union(
      tableFieldsRead(body, body.operators, new Set(), ctx),
      tableFieldsRead(body, columnOps, 'all', ctx),
    );
    ctx.scanCopy = fieldCopier(read);
  }
  const stage = compileTabular(body, ctx, 'select');
  let given: readonly Row[] = [];
  rebuildCtx.scanRows = () => given;
  const rebuild = compileTabular({ ...body, operators: columnOps }, rebuildCtx);
  // The query's rows, in input order, and their order, put in order a page at a time when the query ends with a sort.
  const { rows, order, resolve } = stage.ordered ? stage.ordered() : inputOrder(stage.run());
  // Each row is its table row, or an array holding it in slot 0 (see compileProjectInPlace): keep only that.
  if (stage.schema.layout !== 'object') for (let i = 0; i < rows.length; i++) rows[i] = (rows[i] as Row[])[0];
  return {
    columns: rebuild.schema.columns.map(({ name, type }) => ({ name, type })),
    rowCount: rows.length,
    formatRows: (start, end) => {
      const from = Math.max(0, start);
      const to = Math.max(from, Math.min(end, rows.length));
      resolve(from, to);
      const page: Row[] = [];
      for (let i = from; i < to; i++) page.push(rows[order[i] as number]);
      given = page;
      const built = rebuild.run();
      return rowFormatter(rebuild.schema, built)(0, built.length);
    },
  };
}

/** Rows already in their final order. */
function inputOrder(rows: Row[]): OrderedRows {
  const order = new Int32Array(rows.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return { rows, order, resolve: () => undefined };
}
