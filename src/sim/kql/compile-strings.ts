// String operators: `has` (whole terms), `contains`, `startswith`, `endswith`, `hasprefix`/`hassuffix`, their `_cs`
// (case-sensitive) and `!` forms, `=~`/`!~`, `matches regex`, `has_any`/`has_all`. Non-strings are compared as text.
import type { Reporter } from './errors';
import { equalsLowerCased, lowerCaser } from './text-case';
import { type Compiled, finish, toStringOf } from './values';

type Matcher = (haystack: string, needle: string) => boolean;

function isTermChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/** Finds `needle` in `h` bounded by non-term characters on the sides named (Kusto indexes alphanumeric terms). */
function termMatch(h: string, n: string, needStart: boolean, needEnd: boolean): boolean {
  if (n.length === 0) return true;
  const startsWord = isTermChar(n.charCodeAt(0));
  const endsWord = isTermChar(n.charCodeAt(n.length - 1));
  let from = 0;
  for (;;) {
    const i = h.indexOf(n, from);
    if (i < 0) return false;
    const okStart = !needStart || !startsWord || i === 0 || !isTermChar(h.charCodeAt(i - 1));
    const end = i + n.length;
    const okEnd = !needEnd || !endsWord || end === h.length || !isTermChar(h.charCodeAt(end));
    if (okStart && okEnd) return true;
    from = i + 1;
  }
}

const MATCHERS: Record<string, { match: Matcher; cs: boolean }> = {
  has: { match: (h, n) => termMatch(h, n, true, true), cs: false },
  has_cs: { match: (h, n) => termMatch(h, n, true, true), cs: true },
  hasprefix: { match: (h, n) => termMatch(h, n, true, false), cs: false },
  hasprefix_cs: { match: (h, n) => termMatch(h, n, true, false), cs: true },
  hassuffix: { match: (h, n) => termMatch(h, n, false, true), cs: false },
  hassuffix_cs: { match: (h, n) => termMatch(h, n, false, true), cs: true },
  contains: { match: (h, n) => h.includes(n), cs: false },
  contains_cs: { match: (h, n) => h.includes(n), cs: true },
  startswith: { match: (h, n) => h.startsWith(n), cs: false },
  startswith_cs: { match: (h, n) => h.startsWith(n), cs: true },
  endswith: { match: (h, n) => h.endsWith(n), cs: false },
  endswith_cs: { match: (h, n) => h.endsWith(n), cs: true },
  '=~': { match: (h, n) => h === n, cs: false },
};

export function isStringOperator(op: string): boolean {
  const base = op.startsWith('!') ? op.slice(1) : op;
  return base in MATCHERS || op === '!~' || op === 'matches regex';
}

function textReader(c: Compiled, lower: boolean): (row: unknown) => string {
  const conv = toStringOf(c.type);
  const ev = c.ev;
  const lc = lowerCaser();
  if (c.type === 'string') return lower ? (row) => lc(ev(row) as string) : (ev as (row: unknown) => string);
  return lower ? (row) => lc(conv(ev(row))) : (row) => conv(ev(row));
}

export function compileStringOperator(
  op: string,
  left: Compiled,
  right: Compiled | Compiled[],
  report: Reporter,
  pos: number,
): Compiled {
  if (Array.isArray(right)) return compileHasAnyAll(op, left, right, report, pos);
  if (op === 'matches regex') return compileRegex(left, right, report, pos);
  const negated = op === '!~' || (op.startsWith('!') && op !== '!~');
  const base = op === '!~' ? '=~' : negated ? op.slice(1) : op;
  const spec = MATCHERS[base];
  if (!spec) return report.semantic(`unknown operator '${op}'`, pos);
  const { match, cs } = spec;
  if (right.constant && base === '=~') {
    const equals = equalsLowerCased(toStringOf(right.type)(right.value).toLowerCase());
    const text = textReader(left, false);
    return finish('bool', (row) => equals(text(row)) !== negated, [left]);
  }
  const h = textReader(left, !cs);
  if (right.constant) {
    const raw = toStringOf(right.type)(right.value);
    const needle = cs ? raw : raw.toLowerCase();
    return finish('bool', (row) => match(h(row), needle) !== negated, [left]);
  }
  const n = textReader(right, !cs);
  return finish('bool', (row) => match(h(row), n(row)) !== negated, [left, right]);
}

function compileRegex(left: Compiled, right: Compiled, report: Reporter, pos: number): Compiled {
  if (!right.constant) return report.unsupported("'matches regex' with a pattern that is not a constant", pos);
  let re: RegExp;
  try {
    re = new RegExp(toStringOf(right.type)(right.value));
  } catch {
    return report.semantic(`invalid regular expression '${String(right.value)}'`, pos);
  }
  const h = textReader(left, false);
  return finish('bool', (row) => re.test(h(row)), [left]);
}

function compileHasAnyAll(op: string, left: Compiled, items: Compiled[], report: Reporter, pos: number): Compiled {
  if (!items.every((i) => i.constant)) return report.unsupported(`'${op}' with values that are not constants`, pos);
  const needles: string[] = [];
  for (const item of items) {
    const values = item.type === 'dynamic' && Array.isArray(item.value) ? item.value : [item.value];
    for (const v of values) needles.push(toStringOf(item.type === 'dynamic' ? 'dynamic' : item.type)(v).toLowerCase());
  }
  const h = textReader(left, true);
  if (op === 'has_any')
    return finish(
      'bool',
      (row) => {
        const text = h(row);
        return needles.some((n) => termMatch(text, n, true, true));
      },
      [left],
    );
  return finish(
    'bool',
    (row) => {
      const text = h(row);
      return needles.every((n) => termMatch(text, n, true, true));
    },
    [left],
  );
}
