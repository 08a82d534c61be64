// union (kind=outer): all columns of all legs by name, in order of first appearance; a name that appears with
// different types becomes one column per type (`a_long`, `a_string`), as Kusto does. Missing values are empty.
import type { Column, KqlType } from './api';
import { arraySchema, forEachRow, readersOf, type Stage } from './frame';
import type { Evaluator, Row } from './values';

export function compileUnionOf(legs: Stage[]): Stage {
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
  for (const leg of legs) {
    for (const c of leg.schema.columns) {
      const split = (typesByName.get(c.name) ?? []).length > 1;
      const name = split ? `${c.name}_${c.type}` : c.name;
      if (slot.has(name)) continue;
      slot.set(name, columns.length);
      columns.push({ name, type: c.type });
    }
  }
  const empty: unknown[] = columns.map((c) => (c.type === 'string' ? '' : null));
  const plans = legs.map((leg) => {
    const readers = readersOf(leg.schema);
    const targets = leg.schema.columns.map((c) => {
      const split = (typesByName.get(c.name) ?? []).length > 1;
      return slot.get(split ? `${c.name}_${c.type}` : c.name) as number;
    });
    return { leg, readers, targets };
  });
  return {
    schema: arraySchema(columns),
    run: () => {
      const out: Row[] = [];
      for (const { leg, readers, targets } of plans) {
        forEachRow(leg, (r) => {
          const a = empty.slice();
          for (let j = 0; j < readers.length; j++) a[targets[j] as number] = (readers[j] as Evaluator)(r);
          out.push(a);
        });
      }
      return out;
    },
  };
}
