// KQL's output column naming: `properties.a.b` → `properties_a_b`, `tostring(x)` → `x`, unnamed → `Column1`,
// clashes → `name1`, aggregates → `count_`, `sum_x`, `set_x` (checked against the Kusto language service).
import type { Assignment, Expr } from './ast';

/** Functions whose result is named after their first argument (`tostring(properties.x)` → `properties_x`). */
const NAMED_BY_FIRST_ARG = new Set([
  'tostring',
  'toint',
  'tolong',
  'toreal',
  'todouble',
  'tobool',
  'toboolean',
  'todatetime',
  'totimespan',
  'todynamic',
  'toobject',
  'parse_json',
  'split',
  'format_datetime',
  'bin',
  'floor',
  'round',
  'abs',
  'startofday',
]);

/** Functions whose result is named `<function>_<argument>`. */
const NAMED_BY_PREFIX = new Set(['strlen']);

export function deriveName(e: Expr): string | undefined {
  switch (e.kind) {
    case 'name':
      return e.name.startsWith('$') ? undefined : e.name;
    case 'member': {
      const base = deriveName(e.target);
      return base === undefined ? undefined : `${base}_${e.name}`;
    }
    case 'index': {
      const base = deriveName(e.target);
      const key = e.index.kind === 'literal' ? e.index.value : undefined;
      if (base === undefined || (typeof key !== 'string' && typeof key !== 'number')) return undefined;
      return `${base}_${key}`;
    }
    case 'call': {
      const first = e.args[0];
      if (first === undefined) return undefined;
      if (NAMED_BY_FIRST_ARG.has(e.name)) return deriveName(first);
      if (NAMED_BY_PREFIX.has(e.name)) {
        const inner = deriveName(first);
        return inner === undefined ? undefined : `${e.name}_${inner}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Hands out unique column names within one operator's output. */
export class NameAllocator {
  private readonly taken: Set<string>;

  constructor(existing: Iterable<string> = []) {
    this.taken = new Set(existing);
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  take(name: string): string {
    this.taken.add(name);
    return name;
  }

  /** `name`, or `name1`, `name2`, … when taken. */
  unique(name: string): string {
    if (!this.taken.has(name)) return this.take(name);
    for (let i = 1; ; i++) {
      const candidate = `${name}${i}`;
      if (!this.taken.has(candidate)) return this.take(candidate);
    }
  }

  /** The first free `ColumnN` for an expression KQL cannot name. */
  column(): string {
    for (let i = 1; ; i++) {
      const candidate = `Column${i}`;
      if (!this.taken.has(candidate)) return this.take(candidate);
    }
  }

  release(name: string): void {
    this.taken.delete(name);
  }
}

/** The output names of `project` items as projectItems gives them (for a valid project: no explicit name twice). */
export function projectOutputNames(items: Assignment[]): string[] {
  const names = new NameAllocator();
  return items.map((item) => {
    if (item.name !== undefined) return names.take(item.name);
    const derived = deriveName(item.expr);
    return derived === undefined ? names.column() : names.unique(derived);
  });
}
