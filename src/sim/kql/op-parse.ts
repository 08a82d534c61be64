// parse: extracts columns from a string by a pattern of texts, `*` and columns, compiled to one regular expression.
// kind=simple (default): texts are literal, the match starts at the string's start (unverified), and a column takes
// the shortest text up to the next part (the last one: the rest). kind=regex: texts are regexes, the match may start
// anywhere, and columns and `*` take the longest text ("the default mode is greedy", as Kusto's docs show; their flag
// U, ungreedy, is refused). No match: every extracted column is empty (strings "") or null, and the row stays.
import type { Column, KqlType } from './api';
import type { Operator, ParsePart } from './ast';
import { compileExpr } from './compile-scalar';
import { arraySchema, forEachRow, type QueryContext, readersOf, type Stage, streamingStage } from './frame';
import { castDynamic, type Evaluator, type Row, toStringOf } from './values';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** What a column of `type` matches (typed columns match only their type's text, as in Kusto). */
function capture(type: KqlType, group: string, lazy: boolean): string {
  switch (type) {
    case 'int':
    case 'long':
      return `(?<${group}>-?\\d+)`;
    case 'real':
      return `(?<${group}>-?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?)`;
    case 'bool':
      return `(?<${group}>true|false|True|False|TRUE|FALSE)`;
    default:
      return lazy ? `(?<${group}>.*?)` : `(?<${group}>.*)`;
  }
}

/** Columns are named groups (`c0`, `c1`, …), so groups inside a kind=regex text do not shift them. */
function patternOf(parts: ParsePart[], regex: boolean): string {
  let pattern = regex ? '' : '^';
  let column = 0;
  parts.forEach((p, i) => {
    const lazy = !regex && i < parts.length - 1;
    if (p.kind === 'star') pattern += lazy ? '.*?' : '.*';
    else if (p.kind === 'text') pattern += regex ? `(?:${p.text})` : escapeRegex(p.text);
    else pattern += capture(p.type, `c${column++}`, lazy);
  });
  return pattern;
}

/** A captured text as a value of the column's type (unparsable → null). */
function convertCaptured(type: KqlType): (text: string) => unknown {
  switch (type) {
    case 'string':
      return (t) => t;
    case 'bool':
      return (t) => t.toLowerCase() === 'true';
    case 'dynamic':
      return (t) => {
        try {
          return JSON.parse(t);
        } catch {
          return t;
        }
      };
    default:
      return (t) => castDynamic(type === 'int' || type === 'long' || type === 'real' ? Number(t) : t, type);
  }
}

export function compileParse(input: Stage, op: Op<'parse'>, ctx: QueryContext): Stage {
  const scope = { schema: input.schema, ctx };
  const source = compileExpr(op.source, scope);
  const text = toStringOf(source.type);
  let re: RegExp;
  try {
    re = new RegExp(patternOf(op.parts, op.regex), op.flags);
  } catch {
    return ctx.report.semantic('the parse pattern is not a valid regular expression', op.pos);
  }
  const columns: Column[] = input.schema.columns.map(({ name, type }) => ({ name, type }));
  const targets: { at: number; convert: (t: string) => unknown; empty: unknown }[] = [];
  op.parts.forEach((part, i) => {
    if (part.kind === 'column' && part.type === 'string' && op.parts[i + 1]?.kind === 'star')
      ctx.report.semantic(`'*' can't follow the string column '${part.name}' in a parse pattern`, part.pos);
  });
  for (const part of op.parts) {
    if (part.kind !== 'column') continue;
    if (targets.some((t) => columns[t.at]?.name === part.name))
      ctx.report.semantic(`the parse pattern extracts '${part.name}' twice`, part.pos);
    let at = columns.findIndex((c) => c.name === part.name);
    if (at >= 0) columns[at] = { name: part.name, type: part.type };
    else at = columns.push({ name: part.name, type: part.type }) - 1;
    targets.push({ at, convert: convertCaptured(part.type), empty: part.type === 'string' ? '' : null });
  }
  const readers = readersOf(input.schema);
  const width = columns.length;
  const ev = source.ev;
  return streamingStage(arraySchema(columns), (emit) =>
    forEachRow(input, (r: Row) => {
      const out = new Array<unknown>(width);
      for (let j = 0; j < readers.length; j++) out[j] = (readers[j] as Evaluator)(r);
      const m = re.exec(text(ev(r)));
      targets.forEach((t, k) => {
        const captured = m?.groups?.[`c${k}`];
        out[t.at] = captured === undefined ? t.empty : t.convert(captured);
      });
      emit(out);
    }),
  );
}
