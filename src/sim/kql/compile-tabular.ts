// Compiles a tabular expression into stages and enforces ARG's documented limits (docs/azure-facts.md §3): at most 3 joins per query (one cross-table unless only Resources ↔ ResourceContainers), at most 3 union legs
// (over one table, or Resources and ResourceContainers),
// at most 3 mv-expands per tabular expression (see MAX_MV_EXPANDS). A table may be a join's right side more than once:
// Microsoft's own VM → NIC → public IP sample joins Resources twice.
import type { Operator, Tabular, TabularSource, UnionOptions } from './ast';
import type { QueryContext, Stage } from './frame';
import { type Needed, neededAfterEach } from './liveness';
import {
  compileCount,
  compileDistinct,
  compileProject,
  compileProjectAway,
  compileProjectRename,
  compileTake,
  compileWhere,
} from './op-basic';
import { compileExtend, compileProjectInPlace } from './op-extend';
import { compileJoin } from './op-join';
import { compileMvExpand } from './op-mv-expand';
import { compileParse } from './op-parse';
import { compileSort, compileTop } from './op-sort';
import { compileSummarize } from './op-summarize';
import { compileUnionOf } from './op-union';
import { canonicalTableName, compileTableScan } from './tables';

export const MAX_JOINS = 3;
/**
 * ARG documents "a default limit of 3 mv-expand operators in a single Resource Graph SDK query" (an older page: 2).
 * Microsoft's Backup Configuration Status workbook runs 2 on each side of a join (4 in the query), so the stand-in
 * counts them per tabular expression (the main pipeline, each join or union leg, each subquery): unverified, it is
 * the reading under which both the docs and Microsoft's workbook hold.
 */
export const MAX_MV_EXPANDS = 3;
export const MAX_UNION_LEGS = 3;
const JOINABLE_FREELY = new Set(['Resources', 'ResourceContainers']);

interface Compiled {
  stage: Stage;
  /** Every table read (joins included), for the join limits. */
  tables: Set<string>;
  /** The tables the rows come from (a pipeline's source; a union's legs), for the union rule. */
  bases: Set<string>;
}

/**
 * `select`: only which rows and in what order (run.ts then evaluates each output row's columns from its table row);
 * for a pipeline of row-wise operators, sort, top and take over one table (see run.ts).
 */
export function compileTabular(t: Tabular, ctx: QueryContext, mode: 'rows' | 'select' = 'rows'): Stage {
  return compileWithTables(t, ctx, mode).stage;
}

/** Operators whose output keeps the order of their input rows (so a serialized input stays serialized). */
const KEEPS_ORDER = new Set<Operator['kind']>([
  'where',
  'extend',
  'project',
  'project-away',
  'project-rename',
  'take',
  'mv-expand',
  'parse',
]);

function compileWithTables(t: Tabular, ctx: QueryContext, mode: 'rows' | 'select' = 'rows'): Compiled {
  let current = compileSource(t.source, ctx);
  const needed = neededAfterEach(t.operators, mode === 'select' ? new Set() : 'all');
  let mvExpands = 0;
  t.operators.forEach((op, i) => {
    const after = needed[i] as Needed;
    if (op.kind === 'mv-expand' && ++mvExpands > MAX_MV_EXPANDS)
      ctx.report.limit(`the query has more than ${MAX_MV_EXPANDS} mv-expand operators (ARG's limit)`, op.pos);
    const inputSerialized = current.stage.serialized === true;
    ctx.inputSerialized = inputSerialized || op.kind === 'serialize';
    if (mode === 'select' && op.kind === 'project') {
      current = { ...current, stage: compileProjectInPlace(current.stage, op, ctx, after) };
    } else {
      current = compileOperator(current, op, ctx, after);
    }
    ctx.inputSerialized = false;
    const serialized = op.kind === 'sort' || op.kind === 'top' || op.kind === 'serialize';
    current.stage.serialized = serialized || (inputSerialized && KEEPS_ORDER.has(op.kind));
  });
  return current;
}

function compileSource(source: TabularSource, ctx: QueryContext): Compiled {
  switch (source.kind) {
    case 'table': {
      const stage = compileTableScan(source.name, source.pos, ctx);
      const table = new Set([canonicalTableName(source.name)]);
      return { stage, tables: table, bases: table };
    }
    case 'subquery':
      return compileWithTables(source.query, ctx);
    case 'union':
      return compileUnion([], source, ctx);
  }
}

/** The name `withsource` gives a leg: its table when the leg is a bare table, else `union_argN` (unverified). */
function legName(leg: Tabular | undefined, index: number): string {
  if (leg && leg.source.kind === 'table' && leg.operators.length === 0) return leg.source.name;
  return `union_arg${index}`;
}

function compileUnion(input: Compiled[], op: { legs: Tabular[]; pos: number } & UnionOptions, ctx: QueryContext) {
  const total = input.length + op.legs.length;
  if (total > MAX_UNION_LEGS) ctx.report.limit(`union has ${total} legs; ARG allows at most ${MAX_UNION_LEGS}`, op.pos);
  const parts = [...input, ...op.legs.map((l) => compileWithTables(l, ctx))];
  const bases = new Set(parts.flatMap((p) => [...p.bases]));
  if (bases.size > 1 && ![...bases].every((t) => JOINABLE_FREELY.has(t))) {
    // ARG's query-language page: union "may be used within a single table or between the Resources and
    // ResourceContainers tables".
    ctx.report.limit(
      `union of ${[...bases].join(', ')}: ARG allows a union only within one table or between Resources and ResourceContainers`,
      op.pos,
    );
  }
  const legs = [...input.map(() => undefined), ...op.legs];
  const sources = op.withsource === undefined ? undefined : legs.map((l, i) => legName(l, i));
  return {
    stage: compileUnionOf(
      parts.map((p) => p.stage),
      { inner: op.inner, sourceColumn: op.withsource, sources },
    ),
    tables: new Set(parts.flatMap((p) => [...p.tables])),
    bases,
  };
}

function checkJoinLimits(left: Set<string>, right: Set<string>, pos: number, ctx: QueryContext): void {
  ctx.joins++;
  if (ctx.joins > MAX_JOINS) ctx.report.limit(`the query has more than ${MAX_JOINS} join operators (ARG's limit)`, pos);
  const all = new Set([...left, ...right]);
  const crossTable = [...right].some((t) => !left.has(t)) || [...left].some((t) => !right.has(t));
  if (crossTable && ![...all].every((t) => JOINABLE_FREELY.has(t))) {
    ctx.crossTableJoins++;
    if (ctx.crossTableJoins > 1) {
      ctx.report.limit(
        'ARG allows only one cross-table join per query (except between Resources and ResourceContainers)',
        pos,
      );
    }
  }
}

function compileOperator(current: Compiled, op: Operator, ctx: QueryContext, needed: Needed): Compiled {
  const input = current.stage;
  const same = (stage: Stage): Compiled => ({ ...current, stage });
  switch (op.kind) {
    case 'where':
      return same(compileWhere(input, op, ctx));
    case 'extend':
      return same(compileExtend(input, op, ctx, needed));
    case 'project':
      return same(compileProject(input, op, ctx, needed));
    case 'project-away':
      return same(compileProjectAway(input, op, ctx));
    case 'project-rename':
      return same(compileProjectRename(input, op, ctx));
    case 'take':
      return same(compileTake(input, op, ctx));
    case 'count':
      return same(compileCount(input));
    case 'distinct':
      return same(compileDistinct(input, op, ctx));
    case 'sort':
      return same(compileSort(input, op, ctx));
    case 'top':
      return same(compileTop(input, op, ctx));
    case 'summarize':
      return same(compileSummarize(input, op, ctx));
    case 'mv-expand':
      return same(compileMvExpand(input, op, ctx));
    case 'serialize':
      return same(op.items.length === 0 ? { ...input } : compileExtend(input, { ...op, kind: 'extend' }, ctx, needed));
    case 'parse':
      return same(compileParse(input, op, ctx));
    case 'union':
      return compileUnion([current], op, ctx);
    case 'join': {
      const right = compileWithTables(op.right, ctx);
      checkJoinLimits(current.tables, right.tables, op.pos, ctx);
      return {
        stage: compileJoin(input, right.stage, op, ctx),
        tables: new Set([...current.tables, ...right.tables]),
        bases: current.bases,
      };
    }
  }
}
