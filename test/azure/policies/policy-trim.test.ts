// policies.kql trims each policy's JSON text with replace_regex before it leaves Resource Graph. Checked here on the
// generated estate (every policy shape the stand-in makes) and the hand-made tricky estate: the trimmed text is valid
// JSON without the dropped pairs, it is much shorter, and every policy reads the same schedule and retention from it
// as from the untrimmed text.
import { join } from 'node:path';
import type { ArgRow } from '../../../src/azure/arg-types';
import { resolveFilters } from '../../../src/azure/filters';
import { bindPoliciesListKql } from '../../../src/azure/policies/policies';
import { PolicyRows } from '../../../src/azure/policies/policy-rows';
import { generateEstate } from '../../../src/sim/estate';
import { runQuery } from '../../../src/sim/kql';
import { loadEstateTables } from '../support/engine-runner';

const FIXTURES = join(__dirname, '../../fixtures');
const NOW = new Date('2025-06-15T12:00:00Z');

/** The same query with the trimming taken out: the text as the query built it before this change. */
function untrimmed(kql: string): string {
  const line = kql.split('\n').find((l) => l.startsWith('| extend policy = replace_regex(replace_regex('));
  if (line === undefined) throw new Error('policies.kql no longer trims its text with replace_regex');
  const inner = line.slice('| extend policy = replace_regex(replace_regex('.length, line.indexOf(", @'"));
  return kql.replace(line, `| extend policy = ${inner}`);
}

function rowsOf(tables: Record<string, ArgRow[]>, kql: string): ArgRow[] {
  return runQuery(kql, (name) => tables[name] ?? [], { now: NOW }).rows;
}

async function policiesKql(): Promise<string> {
  // No filters: every policy of the estate; resolveFilters needs no query for none.
  const f = await resolveFilters({ run: async () => [] } as never, {});
  return bindPoliciesListKql(f);
}

const ESTATES: Array<[string, () => Record<string, ArgRow[]>]> = [
  ['generated estate', () => generateEstate({ seed: 7, scale: 'small', now: NOW }).tables as Record<string, ArgRow[]>],
  ['tricky estate', () => loadEstateTables(join(FIXTURES, 'tricky-estate.json'))],
];

describe.each(ESTATES)('%s', (_name, load) => {
  const tables = load();

  test('the trimmed text is JSON without the dropped pairs, and reads the same terms as the whole text', async () => {
    const kql = await policiesKql();
    const trimmed = rowsOf(tables, kql);
    const whole = rowsOf(tables, untrimmed(kql));
    expect(trimmed.length).toBeGreaterThan(5);
    expect(trimmed.map((r) => r.id)).toEqual(whole.map((r) => r.id));
    const texts = trimmed.map((r) => String(r.policy));
    for (const text of texts) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(text).not.toMatch(/"retentionTimes"|"DataStoreInfoBase"|"taggingPriority"|"schedulePolicyType"|:null\b/);
      expect(text).not.toMatch(/,[}\]]/);
    }
    const wholeLength = whole.reduce((n, r) => n + String(r.policy).length, 0);
    const trimmedLength = texts.reduce((n, t) => n + t.length, 0);
    expect(trimmedLength).toBeLessThan(wholeLength * 0.8);
    const read = (rows: ArgRow[]) => {
      const reader = new PolicyRows();
      return rows.map((row) => {
        const policy = reader.read(row);
        if (!policy) throw new Error(`row ${String(row.id)} was not read`);
        return [policy.id, reader.termsOf(policy)];
      });
    };
    expect(read(trimmed)).toEqual(read(whole));
  });
});
