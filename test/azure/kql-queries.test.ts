// Every bound query is valid KQL for the official analyzer, stays inside ARG's limits and the stand-in's subset,
// and keeps what paging needs (`id`) and what multi-tenant answers need (`tenantId`).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeKql, queryVocabulary } from '../support/kusto-analyzer';
import { allBoundQueries } from './support/all-queries';

const QUERIES = allBoundQueries();
const SRC = join(__dirname, '../../src/azure');

// The stand-in's KQL subset (issue "Backup data layer"), plus `not`, what the digest items query needs (null tests,
// conditional aggregates, ISO 8601 periods of Backup vault policies, policy rules expanded), and replace_regex as
// Microsoft's Backup workbooks run it against Resource Graph (the policies query trims its JSON text with it).
const ALLOWED_FUNCTIONS = new Set(
  [
    'ago now bin todatetime tostring toint tolower strcat split iff case coalesce isempty isnotempty parse_json array_length tobool tolong not count countif dcount sum min max make_set make_list arg_max arg_min take_any',
    'isnull isnotnull maxif minif avgif toreal toupper extract pack_array bag_pack replace_regex',
  ]
    .join(' ')
    .split(' '),
);
const ALLOWED_OPERATORS = new Set([
  'FilterOperator',
  'ExtendOperator',
  'ProjectOperator',
  'ProjectAwayOperator',
  'ProjectRenameOperator',
  'SummarizeOperator',
  'JoinOperator',
  'UnionOperator',
  'SortOperator',
  'TopOperator',
  'TakeOperator',
  'DistinctOperator',
  'CountOperator',
  'MvExpandOperator',
]);

function kqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? kqlFiles(join(dir, e.name)) : e.name.endsWith('.kql') ? [join(dir, e.name)] : [],
  );
}

describe.each(QUERIES)('$name', ({ kql }) => {
  it('has no analyzer diagnostics against the ARG schema', () => {
    expect(analyzeKql(kql)).toEqual([]);
  });

  it('uses only the stand-in subset', () => {
    const { functions, operators } = queryVocabulary(kql);
    expect([...functions].filter((f) => !ALLOWED_FUNCTIONS.has(f))).toEqual([]);
    expect([...operators].filter((o) => !ALLOWED_OPERATORS.has(o))).toEqual([]);
  });

  it("stays inside ARG's join, union and mv-expand limits", () => {
    const joins = [...kql.matchAll(/\|\s*join\s+kind=(\w+)\s*\(\s*(\w+)/g)];
    expect(joins.length).toBeLessThanOrEqual(3);
    for (const [, kind] of joins) expect(['inner', 'innerunique', 'leftouter']).toContain(kind);
    // A table may be the right side of a join only once (DisallowedMaxNumberOfRemoteTables).
    const rightTables = joins.map((j) => j[2]);
    expect(new Set(rightTables).size).toBe(rightTables.length);
    // Only one cross-table join (Resources <-> ResourceContainers excepted). Read conservatively: once a join has
    // brought in another table, a later join of the first table with itself counts as cross-table too.
    const left = new Set([/^\s*(\w+)/.exec(kql)?.[1]]);
    let crossTable = 0;
    for (const t of rightTables) {
      if (!left.has(t) || left.size > 1) crossTable++;
      left.add(t);
    }
    expect(crossTable).toBeLessThanOrEqual(1);
    expect((kql.match(/\|\s*mv-expand\b/g) ?? []).length).toBeLessThanOrEqual(3);
    expect(kql).not.toMatch(/\|\s*(take|limit|sample)\b/);
  });

  it('projects id and tenantId last, and carries no template syntax', () => {
    const projects = [...kql.matchAll(/^\| project (.*)$/gm)];
    const last = projects[projects.length - 1]?.[1] ?? '';
    expect(last).toMatch(/^id,/);
    expect(last).toMatch(/\btenantId\b/);
    expect(kql).not.toMatch(/\{\{|\}\}|\/\/\?|^\s*\/\//m);
  });
});

describe('.kql files', () => {
  it('every file is loaded by a module', () => {
    const sources = kqlFiles(SRC).map((f) => relative(SRC, f));
    const ts = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(SRC, f), 'utf8'))
      .join('\n');
    const unused = sources.filter((f) => {
      const base = f.split('/').pop() ?? f;
      // unprotected/<workload>.kql are loaded by name.
      return !ts.includes(`${base}'`) && !f.startsWith('unprotected/');
    });
    expect(unused).toEqual([]);
    expect(sources.filter((f) => f.startsWith('unprotected/')).sort()).toEqual(
      ['aks', 'blobs', 'disks', 'files', 'hana', 'postgres', 'sql', 'vm'].map((w) => `unprotected/${w}.kql`),
    );
  });
});

describe('workload mapping', () => {
  it('is the same case() expression in every query that computes it', () => {
    const expressions = kqlFiles(SRC).flatMap((f) => {
      const m = /\| extend workload = (case\(.*\))$/m.exec(readFileSync(f, 'utf8'));
      return m ? [m[1]] : [];
    });
    expect(expressions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(expressions).size).toBe(1);
  });
});
