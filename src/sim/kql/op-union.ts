// union: kind=outer (the default) keeps all columns of all legs by name, in order of first appearance; kind=inner only
// those every leg has. A name that appears with different types becomes one column per type (`a_long`, `a_string`),
// as Kusto does. Missing values are empty. withsource=Col adds Col first, naming each row's leg.
import type { Column, KqlType } from './api';
import { arraySchema, forEachRow, readersOf, type Stage } from './frame';
import type { Evaluator, Row } from './values';

export interface UnionShape {
  inner?: boolean;
  /** withsource's column, and each leg's name in it. */
  sourceColumn?: string;
  sources?: string[];
}

export function compileUnionOf(legs: Stage[], shape: UnionShape = {}): Stage {
  const typesByName = new Map<string, KqlType[]>();
  for (const leg of legs) {
    for (const c of leg.schema.columns) {
      const types = typesByName.get(c.name) ?? [];
      if (!types.includes(c.type)) types.push(c.type);
      typesByName.set(c.name, types);
    }
  }
  const columns: Column[] = [];
  const slot = new Map<string, number>();
  const { sourceColumn, sources } = shape;
  if (sourceColumn !== undefined) {
    slot.set(sourceColumn, 0);
    columns.push({ name: sourceColumn, type: 'string' });
  }
  const inEveryLeg = (name: string, type: KqlType) =>
    legs.every((leg) => leg.schema.columns.some((c) => c.name === name && c.type === type));
  for (const leg of legs) {
    for (const c of leg.schema.columns) {
      const split = (typesByName.get(c.name) ?? []).length > 1;
      const name = split ? `${c.name}_${c.type}` : c.name;
      if (slot.has(name) || (shape.inner && !inEveryLeg(c.name, c.type))) continue;
      slot.set(name, columns.length);
      columns.push({ name, type: c.type });
    }
  }
  const empty: unknown[] = columns.map((c) => (c.type === 'string' ? '' : null));
  const plans = legs.map((leg, index) => {
    const kept = leg.schema.columns
      .map((c, j) => {
        const split = (typesByName.get(c.name) ?? []).length > 1;
        return { j, at: slot.get(split ? `${c.name}_${c.type}` : c.name) };
      })
      // A leg's own column named like withsource's is dropped (the source name wins; unverified).
      .filter((k): k is { j: number; at: number } => k.at !== undefined && !(sourceColumn !== undefined && k.at === 0));
    const all = readersOf(leg.schema);
    const readers = kept.map((k) => all[k.j] as Evaluator);
    const targets = kept.map((k) => k.at);
    return { leg, readers, targets, source: sources?.[index] ?? '' };
  });
  return {
    schema: arraySchema(columns),
    run: () => {
      const out: Row[] = [];
      for (const { leg, readers, targets, source } of plans) {
        forEachRow(leg, (r) => {
          const a = empty.slice();
          if (sourceColumn !== undefined) a[0] = source;
          for (let j = 0; j < readers.length; j++) a[targets[j] as number] = (readers[j] as Evaluator)(r);
          out.push(a);
        });
      }
      return out;
    },
  };
}
