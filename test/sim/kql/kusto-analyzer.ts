// The official Kusto analyzer (@kusto/language-service-next, a devDependency) as an oracle for result schemas and
// for which queries Kusto rejects. It loads as a global script (~1 s, ~200 MB), so only one test file uses it.
import path from 'node:path';

interface KustoList<T> {
  Count: number;
  getItem(i: number): T;
}
interface KustoGlobal {
  Language: {
    Symbols: {
      TableSymbol: { $ctor4: new (name: string, columns: unknown[]) => unknown };
      ColumnSymbol: new (name: string, type: unknown) => unknown;
      ScalarTypes: { String: unknown; Dynamic: unknown };
      DatabaseSymbol: { $ctor2: new (name: string, alternateName: null, members: unknown[]) => unknown };
    };
    GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
    KustoCode: {
      ParseAndAnalyze(
        text: string,
        globals: unknown,
      ): {
        GetDiagnostics(): KustoList<{ Message: string }>;
        ResultType: { Columns?: KustoList<{ Name: string; Type: { Name: string } }> } | null;
      };
    };
  };
}

const STRING_COLUMNS = [
  'id',
  'name',
  'type',
  'tenantId',
  'kind',
  'location',
  'resourceGroup',
  'subscriptionId',
  'managedBy',
];
const DYNAMIC_COLUMNS = ['sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation'];
const TABLES = ['Resources', 'RecoveryServicesResources', 'ResourceContainers', 'AlertsManagementResources'];

let cached: { kusto: KustoGlobal; globals: unknown } | undefined;

function load(): { kusto: KustoGlobal; globals: unknown } {
  if (cached) return cached;
  const dir = path.dirname(require.resolve('@kusto/language-service-next/package.json'));
  require(path.join(dir, 'bridge.min.js'));
  require(path.join(dir, 'Kusto.Language.Bridge.min.js'));
  const kusto = (globalThis as unknown as { Kusto: KustoGlobal }).Kusto;
  const S = kusto.Language.Symbols;
  // Columns as ColumnSymbols: the string form of a schema silently stops at keyword names such as `kind`.
  const table = (name: string) =>
    new S.TableSymbol.$ctor4(name, [
      ...STRING_COLUMNS.map((c) => new S.ColumnSymbol(c, S.ScalarTypes.String)),
      ...DYNAMIC_COLUMNS.map((c) => new S.ColumnSymbol(c, S.ScalarTypes.Dynamic)),
    ]);
  const db = new S.DatabaseSymbol.$ctor2('arg', null, TABLES.map(table));
  cached = { kusto, globals: kusto.Language.GlobalState.Default.WithDatabase(db) };
  return cached;
}

/** Kusto's diagnostics for a query and its result columns as `name:type`. */
export function analyzeWithKusto(query: string): { diagnostics: string[]; columns: string[] } {
  const { kusto, globals } = load();
  const code = kusto.Language.KustoCode.ParseAndAnalyze(query, globals);
  const d = code.GetDiagnostics();
  const diagnostics: string[] = [];
  for (let i = 0; i < d.Count; i++) diagnostics.push(d.getItem(i).Message);
  const columns: string[] = [];
  const cols = code.ResultType?.Columns;
  if (cols) for (let i = 0; i < cols.Count; i++) columns.push(`${cols.getItem(i).Name}:${cols.getItem(i).Type.Name}`);
  return { diagnostics, columns };
}
