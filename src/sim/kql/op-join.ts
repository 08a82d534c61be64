// join: hash join on equal key columns. innerunique (KQL's default) keeps the first left row per key;
// inner keeps every pair; leftouter/fullouter pad the missing side (strings "", others null).
// Right-side columns whose names clash with the left get a numeric suffix (`id` → `id1`), as in Kusto.
import type { Column, KqlType } from './api';
import type { Operator } from './ast';
import { arraySchema, columnIndex, forEachRow, type QueryContext, readersOf, type Stage } from './frame';
import { NameAllocator } from './naming';
import { tupleKey } from './op-basic';
import type { Evaluator, Row } from './values';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;

const SUPPORTED_KINDS = new Set(['inner', 'innerunique', 'leftouter', 'fullouter']);

function padding(columns: Column[]): unknown[] {
  return columns.map((c) => (c.type === 'string' ? '' : null));
}

function sameKeyType(a: KqlType, b: KqlType): boolean {
  const numeric = (t: KqlType) => t === 'int' || t === 'long' || t === 'real';
  return a === b || (numeric(a) && numeric(b));
}

function keyReaders(stage: Stage, names: string[], side: string, op: Op<'join'>, ctx: QueryContext): Evaluator[] {
  const readers = readersOf(stage.schema);
  return names.map((name, i) => {
    const at = columnIndex(stage.schema, name);
    if (at < 0)
      ctx.report.semantic(`Failed to resolve column named '${name}' on the ${side} side of the join`, op.on[i]?.pos);
    if (stage.schema.columns[at]?.type === 'dynamic') {
      ctx.report.semantic(`join keys cannot be dynamic: convert '${name}' first, e.g. with tostring()`, op.on[i]?.pos);
    }
    return readers[at] as Evaluator;
  });
}

export function compileJoin(left: Stage, right: Stage, op: Op<'join'>, ctx: QueryContext): Stage {
  if (!SUPPORTED_KINDS.has(op.joinKind)) {
    const documented = 'ARG documents innerunique, inner, leftouter and fullouter';
    ctx.report.unsupported(`the join kind '${op.joinKind}'`, op.pos, documented);
  }
  const leftKeys = keyReaders(
    left,
    op.on.map((c) => c.left),
    'left',
    op,
    ctx,
  );
  const rightKeys = keyReaders(
    right,
    op.on.map((c) => c.right),
    'right',
    op,
    ctx,
  );
  op.on.forEach((c, i) => {
    const lt = left.schema.columns[columnIndex(left.schema, c.left)]?.type as KqlType;
    const rt = right.schema.columns[columnIndex(right.schema, c.right)]?.type as KqlType;
    if (!sameKeyType(lt, rt))
      ctx.report.semantic(`join key types differ: '${c.left}' is ${lt}, '${c.right}' is ${rt}`, op.on[i]?.pos);
  });
  const leftCols: Column[] = left.schema.columns.map(({ name, type }) => ({ name, type }));
  const names = new NameAllocator(leftCols.map((c) => c.name));
  const rightCols: Column[] = right.schema.columns.map(({ name, type }) => ({ name: names.unique(name), type }));
  const leftReaders = readersOf(left.schema);
  const rightReaders = readersOf(right.schema);
  const keyOf = (evs: Evaluator[], r: Row) =>
    evs.length === 1 ? (evs[0] as Evaluator)(r) : tupleKey(evs.map((e) => e(r)));
  const kind = op.joinKind;
  return {
    schema: arraySchema([...leftCols, ...rightCols]),
    run: () => {
      const rightInput = right.run();
      const rightRows = rightInput.map((r) => rightReaders.map((e) => e(r)));
      const byKey = new Map<unknown, unknown[][]>();
      rightInput.forEach((r, i) => {
        const k = keyOf(rightKeys, r);
        if (k === null) return;
        const bucket = byKey.get(k);
        if (bucket) bucket.push(rightRows[i] as unknown[]);
        else byKey.set(k, [rightRows[i] as unknown[]]);
      });
      const out: Row[] = [];
      const usedLeftKeys = new Set<unknown>();
      const matchedRight = new Set<unknown[]>();
      const rightPad = padding(rightCols);
      forEachRow(left, (r) => {
        const k = keyOf(leftKeys, r);
        if (kind === 'innerunique') {
          if (usedLeftKeys.has(k)) return;
          usedLeftKeys.add(k);
        }
        const matches = k === null ? undefined : byKey.get(k);
        const leftValues = leftReaders.map((e) => e(r));
        if (matches) {
          for (const m of matches) {
            out.push([...leftValues, ...m]);
            matchedRight.add(m);
          }
        } else if (kind === 'leftouter' || kind === 'fullouter') {
          out.push([...leftValues, ...rightPad]);
        }
      });
      if (kind === 'fullouter') {
        const leftPad = padding(leftCols);
        for (const m of rightRows) if (!matchedRight.has(m)) out.push([...leftPad, ...m]);
      }
      return out;
    },
  };
}
