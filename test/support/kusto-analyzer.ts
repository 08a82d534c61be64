// The official Kusto parser/analyzer (@kusto/language-service-next), loaded once per worker, with ARG's table schemas.
// Used by tests to prove that every bound query is valid KQL and that a bound value stays one literal, and as an oracle
// for the stand-in's result schemas. It loads as a global script (~1 s, ~200 MB).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { TABLE_NAMES } from '../../src/sim/estate/types';
import { DYNAMIC_COLUMNS, STRING_COLUMNS } from '../../src/sim/kql/tables';

// biome-ignore lint/suspicious/noExplicitAny: the Bridge.NET global has no usable typings from CommonJS.
type Any = any;

export interface KqlDiagnostic {
  code: string;
  severity: string;
  message: string;
  start: number;
  length: number;
}

/** ARG tables the bot queries; all share the stand-in's top-level columns (types per ARG). */
export const ARG_TABLES: readonly string[] = TABLE_NAMES;

let kusto: Any;
let globals: Any;

function load(): void {
  if (globals) return;
  // The scripts define `Bridge` and `Kusto` on the real global object (outside Jest's sandbox); load them once.
  if (runInThisContext('typeof Kusto') === 'undefined') {
    const dir = dirname(require.resolve('@kusto/language-service-next/package.json'));
    runInThisContext(readFileSync(join(dir, 'bridge.min.js'), 'utf8'));
    runInThisContext(readFileSync(join(dir, 'Kusto.Language.Bridge.min.js'), 'utf8'));
  }
  kusto = runInThisContext('Kusto');
  const S = kusto.Language.Symbols;
  // ColumnSymbol objects, not the "(a:string, …)" schema string: that form silently stops at keyword names like `kind`.
  const column = (name: string, type: Any) => new S.ColumnSymbol(name, type, null, null, null, null);
  const tables = ARG_TABLES.map(
    (t) =>
      new S.TableSymbol.$ctor4(t, [
        ...STRING_COLUMNS.map((c) => column(c, S.ScalarTypes.String)),
        ...DYNAMIC_COLUMNS.map((c) => column(c, S.ScalarTypes.Dynamic)),
      ]),
  );
  const db = new S.DatabaseSymbol.$ctor2('arg', null, tables);
  globals = kusto.Language.GlobalState.Default.WithDatabase(db);
}

function analyze(query: string): Any {
  load();
  return kusto.Language.KustoCode.ParseAndAnalyze(query, globals);
}

function diagnosticsOf(code: Any): KqlDiagnostic[] {
  const list = code.GetDiagnostics();
  const out: KqlDiagnostic[] = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    out.push({ code: d.Code, severity: String(d.Severity), message: d.Message, start: d.Start, length: d.Length });
  }
  return out;
}

/** Every diagnostic (errors and warnings) the analyzer reports for `query` against ARG's schema. */
export function analyzeKql(query: string): KqlDiagnostic[] {
  return diagnosticsOf(analyze(query));
}

/** Kusto's diagnostic messages for a query and its result columns as `name:type` (an oracle for result schemas). */
export function analyzeWithKusto(query: string): { diagnostics: string[]; columns: string[] } {
  const code = analyze(query);
  const columns: string[] = [];
  const cols = code.ResultType?.Columns;
  if (cols) for (let i = 0; i < cols.Count; i++) columns.push(`${cols.getItem(i).Name}:${cols.getItem(i).Type.Name}`);
  return { diagnostics: diagnosticsOf(code).map((d) => d.message), columns };
}

/** SyntaxKind numbers to their names, for walking a parsed query. */
function syntaxKindNames(): Map<number, string> {
  const names = new Map<number, string>();
  for (const [k, v] of Object.entries(kusto.Language.Syntax.SyntaxKind)) if (typeof v === 'number') names.set(v, k);
  return names;
}

export interface SyntaxShape {
  /** Token kinds in order, with each string literal token replaced by `<str>`. */
  tokens: string[];
  /** Decoded values of the string literals, in order. */
  literals: string[];
}

/** The parsed token structure of `query`: equal shapes mean equal queries up to literal values. */
export function syntaxShape(query: string): SyntaxShape {
  load();
  const kindNames = syntaxKindNames();
  const tokens: string[] = [];
  const literals: string[] = [];
  const code = kusto.Language.KustoCode.Parse(query);
  code.Syntax.WalkElements((e: Any) => {
    const kind = kindNames.get(e.Kind) ?? String(e.Kind);
    if (e.IsToken) {
      tokens.push(kind === 'StringLiteralToken' ? '<str>' : `${kind}:${e.Text}`);
    } else if (kind === 'StringLiteralExpression') {
      literals.push(String(e.LiteralValueInfo?.Value));
    }
  });
  return { tokens, literals };
}

/** Names of the functions a query calls, and its tabular operators (for the stand-in subset check). */
export function queryVocabulary(query: string): { functions: Set<string>; operators: Set<string> } {
  load();
  const kindNames = syntaxKindNames();
  const functions = new Set<string>();
  const operators = new Set<string>();
  kusto.Language.KustoCode.Parse(query).Syntax.WalkElements((e: Any) => {
    const kind = kindNames.get(e.Kind) ?? '';
    if (kind === 'FunctionCallExpression') functions.add(String(e.Name.SimpleName).toLowerCase());
    else if (kind.endsWith('Operator') && !e.IsToken) operators.add(kind);
  });
  return { functions, operators };
}
