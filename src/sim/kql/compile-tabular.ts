// Compiles a tabular expression into stages and enforces ARG's per-query limits (docs/azure-facts.md §3):
// at most 3 joins (one cross-table unless only Resources ↔ ResourceContainers), a table on a join's right side once,
// at most 3 mv-expands, at most 3 union legs.
import type { Operator, Tabular, TabularSource } from './ast';
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
import { compileSort, compileTop } from './op-sort';
import { compileSummarize } from './op-summarize';
import { compileUnionOf } from './op-union';
import { canonicalTableName, compileTableScan } from './tables';

export const MAX_JOINS = 3;
export const MAX_MV_EXPANDS = 3;
export const MAX_UNION_LEGS = 3;
const JOINABLE_FREELY = new Set(['Resources', 'ResourceContainers']);

interface Compiled {
  stage: Stage;
  tables: Set<string>;
}

/**
 * `select`: only which rows and in what order (run.ts then evaluates each output row's columns from its table row);
 * for a pipeline of row-wise operators, sort, top and take over one table (see run.ts).
 */
export function compileTabular(t: Tabular, ctx: QueryContext, mode: 'rows' | 'select' = 'rows'): Stage {
  return compileWithTables(t, ctx, mode).stage;
}

function compileWithTables(t: Tabular, ctx: QueryContext, mode: 'rows' | 'select' = 'rows'): Compiled {
  let current = compileSource(t.source, ctx);
  const needed = neededAfterEach(t.operators, mode === 'select' ? new Set() : 'all');
  t.operators.forEach((op, i) => {
    const after = needed[i] as Needed;
    if (mode === 'select' && op.kind === 'project') {
      current = { stage: compileProjectInPlace(current.stage, op, ctx, after), tables: current.tables };
    } else {
      current = compileOperator(current, op, ctx, after);
    }
  });
  return current;
}

function compileSource(source: TabularSource, ctx: QueryContext): Compiled {
  switch (source.kind) {
    case 'table':
      return {
        stage: compileTableScan(source.name, source.pos, ctx),
        tables: new Set([canonicalTableName(source.name)]),
      };
    case 'subquery':
      return compileWithTables(source.query, ctx);
    case 'union':
      return compileUnion([], source.legs, source.pos, ctx);
  }
}

function compileUnion(input: Compiled[], legs: Tabular[], pos: number, ctx: QueryContext): Compiled {
  const total = input.length + legs.length;
  if (total > MAX_UNION_LEGS) ctx.report.limit(`union has ${total} legs; ARG allows at most ${MAX_UNION_LEGS}`, pos);
  const parts = [...input, ...legs.map((l) => compileWithTables(l, ctx))];
  return {
    stage: compileUnionOf(parts.map((p) => p.stage)),
    tables: new Set(parts.flatMap((p) => [...p.tables])),
  };
}

function checkJoinLimits(left: Set<string>, right: Set<string>, pos: number, ctx: QueryContext): void {
  ctx.joins++;
  if (ctx.joins > MAX_JOINS) ctx.report.limit(`the query has more than ${MAX_JOINS} join operators (ARG's limit)`, pos);
  for (const table of right) {
    const uses = (ctx.rightTables.get(table) ?? 0) + 1;
    ctx.rightTables.set(table, uses);
    if (uses > 1) {
      ctx.report.limit(
        `DisallowedMaxNumberOfRemoteTables: table '${table}' is the right side of more than one join`,
        pos,
      );
    }
  }
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
  const same = (stage: Stage): Compiled => ({ stage, tables: current.tables });
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
      ctx.mvExpands++;
      if (ctx.mvExpands > MAX_MV_EXPANDS)
        ctx.report.limit(`the query has more than ${MAX_MV_EXPANDS} mv-expand operators (ARG's limit)`, op.pos);
      return same(compileMvExpand(input, op, ctx));
    case 'union':
      return compileUnion([current], op.legs, op.pos, ctx);
    case 'join': {
      const right = compileWithTables(op.right, ctx);
      checkJoinLimits(current.tables, right.tables, op.pos, ctx);
      return {
        stage: compileJoin(input, right.stage, op, ctx),
        tables: new Set([...current.tables, ...right.tables]),
      };
    }
  }
}
