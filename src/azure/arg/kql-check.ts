// Refuses, before any request, a query that Resource Graph could not page to the end: ARG sends no $skipToken when
// every output column is dynamic, or when take/limit/sample cut the result, so such a query would stop silently.
import { ArgQueryError } from './errors';

/** Top-level ARG columns that are strings, so keeping one of them keeps the result pageable. */
const STRING_COLUMNS = new Set([
  'id',
  'name',
  'type',
  'kind',
  'location',
  'resourcegroup',
  'subscriptionid',
  'tenantid',
  'managedby',
]);

/** Functions whose result is never `dynamic`. */
const TYPED_FUNCTIONS =
  /^(tostring|toint|tolong|todouble|toreal|todecimal|todatetime|totimespan|tobool|toboolean|toguid|tolower|toupper|strcat|strcat_delim|trim|substring|strlen|extract|replace_string|format_datetime|datetime|now|ago|count|countif|dcount|dcountif|sum|sumif|min|max|avg|isnull|isnotnull|isempty|isnotempty)\s*\(/i;

/** Throws ArgQueryError when the query's output could not be paged to the end. */
export function assertPageableKql(kql: string, pageSize: number): void {
  // `let x = …;` statements come first; the last statement is the one whose rows come back.
  const statements = splitTopLevel(stripLiterals(kql), ';');
  const stages = splitTopLevel(statements[statements.length - 1] ?? '', '|').map((s) => s.trim());
  const refuse = (why: string): never => {
    throw new ArgQueryError(
      `Query cannot be paged to the end (${why}); project \`id\` or another non-dynamic column and use maxRows instead of take/limit: ${kql.trim().slice(0, 200)}`,
      { code: 'UnpageableQuery' },
    );
  };
  let safe = new Set(STRING_COLUMNS);
  let tabular = true;
  for (const stage of stages) {
    const op = /^([a-z][a-z-]*)\b/i.exec(stage)?.[1]?.toLowerCase();
    const args = stage.slice(op?.length ?? 0).trim();
    if (op === 'take' || op === 'limit' || op === 'sample' || op === 'top') {
      const n = Number(/^\d+/.exec(args)?.[0]);
      if (!(n <= pageSize)) refuse(`\`${op} ${args.split(/\s/)[0] ?? ''}\` can return more than one page`);
    } else if (op === 'project' || op === 'distinct' || op === 'project-keep') {
      safe = new Set(splitTopLevel(args, ',').filter(isTypedColumn).map(outputName));
    } else if (op === 'summarize') {
      // Aggregates such as count() are typed; a summarize of only make_list/any would fail the runtime backstop.
      tabular = false;
    } else if (op === 'extend') {
      for (const column of splitTopLevel(args, ',')) if (isTypedColumn(column)) safe.add(outputName(column));
    } else if (op === 'project-away') {
      for (const column of splitTopLevel(args, ',')) safe.delete(column.trim().toLowerCase());
    }
    if (op === 'project' || op === 'distinct' || op === 'project-keep') tabular = true;
  }
  if (tabular && safe.size === 0) refuse('every projected column may be dynamic');
}

function isTypedColumn(column: string): boolean {
  const text = column.trim();
  const assignment = /^([\w[\]'"]+)\s*=(?!=|~)\s*([\s\S]+)$/.exec(text);
  if (assignment?.[1] && outputName(assignment[1]) === 'id') return true;
  const expr = (assignment?.[2] ?? text).trim();
  if (TYPED_FUNCTIONS.test(expr)) return true;
  if (/^[\d.]+$/.test(expr) || expr === "''") return true;
  return STRING_COLUMNS.has(expr.toLowerCase());
}

function outputName(column: string): string {
  const text = column.trim();
  const name = /^([\w[\]'"]+)\s*=(?!=|~)/.exec(text)?.[1] ?? text;
  return name.replace(/^\[['"]?|['"]?\]$/g, '').toLowerCase();
}

/** Replaces string literals with '' and drops // comments, so separators inside them are not seen. */
function stripLiterals(kql: string): string {
  return kql.replace(/@?'(?:[^'\\\n]|\\.)*'|@?"(?:[^"\\\n]|\\.)*"/g, "''").replace(/\/\/[^\n]*/g, '');
}

/** Splits on `sep` outside parentheses and brackets (join/union subqueries stay whole). */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== '');
}
