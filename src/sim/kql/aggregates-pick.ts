// Aggregates that pick one row per group: take_any/any, arg_max, arg_min (`*` returns every input column).

import { type AggregateBuild, type AggregateContext, type AggregateSpec, arg } from './aggregates';
import type { KqlType } from './api';
import type { Expr } from './ast';
import { deriveName } from './naming';
import type { Evaluator, Row } from './values';

interface Picked {
  name?: string;
  type: KqlType;
  ev: Evaluator;
}

/**
 * The columns an argument list returns: `*` expands to every input column except those named in `skip`; an
 * expression KQL cannot name becomes `<unnamed><position>` (take_any(tolower(x)) → any_arg0) or ColumnN.
 */
function pickedColumns(ctx: AggregateContext, from: number, skip: Set<string>, unnamed?: string): Picked[] {
  const out: Picked[] = [];
  for (let i = from; i < ctx.args.length; i++) {
    const compiled = ctx.compiled[i];
    if (!compiled) {
      ctx.input.forEach((col, j) => {
        if (!skip.has(col.name) && !ctx.byNames.has(col.name))
          out.push({ name: col.name, type: col.type, ev: ctx.readers[j] as Evaluator });
      });
      continue;
    }
    const name = deriveName(ctx.args[i] as Expr) ?? (unnamed === undefined ? undefined : `${unnamed}${i - from}`);
    out.push({ name, type: compiled.type, ev: compiled.ev });
  }
  return out;
}

function isEmptyValue(v: unknown): boolean {
  return v === null || v === '';
}

function takeAny(ctx: AggregateContext): AggregateBuild {
  const cols = pickedColumns(ctx, 0, new Set(), 'any_arg');
  // The deprecated any() prefixes its column names (`any_id`); take_any() keeps them (`id`).
  if (ctx.name === 'any')
    for (const c of cols) if (c.name !== undefined && !c.name.startsWith('any_')) c.name = `any_${c.name}`;
  const single = cols.length === 1 ? (cols[0] as Picked) : undefined;
  return {
    columns: cols.map((c) => ({ name: c.name, type: c.type })),
    create: () => {
      let row: Row | undefined;
      let value: unknown = null;
      return {
        // With one expression KQL prefers a non-empty value; with several it returns one whole row.
        add: single
          ? (r) => {
              if (!isEmptyValue(value)) return;
              const v = single.ev(r);
              if (row === undefined || !isEmptyValue(v)) {
                row = r;
                value = v;
              }
            }
          : (r) => {
              if (row === undefined) row = r;
            },
        result: () => (single ? [value] : cols.map((c) => (row === undefined ? null : c.ev(row)))),
      };
    },
  };
}

function argExtreme(sign: 1 | -1): AggregateSpec {
  return {
    min: 2,
    max: 64,
    build: (ctx) => {
      const key = arg(ctx, 0);
      if (key.type === 'dynamic')
        ctx.report.semantic(`'${ctx.name}' needs an orderable first argument: convert the dynamic value`, ctx.pos);
      const keyName = ctx.args[0] ? deriveName(ctx.args[0]) : undefined;
      const cols = pickedColumns(ctx, 1, new Set(keyName ? [keyName] : []));
      return {
        columns: [
          { name: keyName ?? (sign > 0 ? 'max_' : 'min_'), type: key.type },
          ...cols.map((c) => ({ name: c.name, type: c.type })),
        ],
        create: () => {
          let best: unknown = null;
          let bestRow: Row | undefined;
          return {
            // Ties keep the first row seen (Kusto picks an arbitrary one).
            add: (r) => {
              const v = key.ev(r);
              if (v === null || v === '') {
                if (bestRow === undefined) bestRow = r;
                return;
              }
              if (best === null || (sign > 0 ? (v as number) > (best as number) : (v as number) < (best as number))) {
                best = v;
                bestRow = r;
              }
            },
            result: () => [best, ...cols.map((c) => (bestRow === undefined ? null : c.ev(bestRow)))],
          };
        },
      };
    },
  };
}

export const PICK_AGGREGATES: Record<string, AggregateSpec> = {
  take_any: { min: 1, max: 64, build: takeAny },
  any: { min: 1, max: 64, build: takeAny },
  arg_max: argExtreme(1),
  arg_min: argExtreme(-1),
};
