// The digest's queries as text: the normalisation they share with the instances and unprotected queries stays
// identical (one rule, one spelling), and every value reaches them through the binder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindDigestItemsKql, DIGEST_THRESHOLDS } from '../../../src/azure/digest/digest-kql';
import { bindSharedHanaKql } from '../../../src/azure/digest/unprotected-split';
import { FULL, MANY_TAGS, NONE } from '../support/all-queries';

const SRC = join(__dirname, '../../../src/azure');
const pipelineLines = (file: string): string[] =>
  readFileSync(join(SRC, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('| '));

describe('digest-items.kql', () => {
  const digest = pipelineLines('digest/digest-items.kql');

  it("repeats instances-filtered.kql's filters and normalisation verbatim (datasource, workload, state)", () => {
    const shared = pipelineLines('instances/instances-filtered.kql').filter(
      // The type line differs (jobs are scanned too); health is not a digest fact.
      (l) => !l.startsWith('| where type in~') && !/^\| extend (rawHealth|health) =/.test(l),
    );
    expect(shared.length).toBeGreaterThan(15);
    for (const line of shared) expect(digest).toContain(line);
  });

  it('binds recoveredSince as a datetime literal and the thresholds as integers', () => {
    const kql = bindDigestItemsKql(NONE, new Date('2025-06-14T12:00:00Z'));
    expect(kql).toContain('lastGoodAt > datetime(2025-06-14T12:00:00.000Z)');
    expect(kql).toContain(`(everyHours + ${DIGEST_THRESHOLDS.graceHours}) * 1h`);
    expect(kql).toContain(`runningSince < now() - ${DIGEST_THRESHOLDS.runningHours} * 1h`);
    expect(DIGEST_THRESHOLDS).toEqual({ graceHours: 2, runningHours: 1 });
  });

  it('applies every datasource filter, each once, and the tag join after the policy join', () => {
    const kql = bindDigestItemsKql(FULL, new Date('2025-06-14T12:00:00Z'));
    for (const part of [
      "vaultName =~ 'rsv-prod'",
      "workload == 'sql'",
      "dsSub in~ ('11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222')",
      "dsRg =~ 'rg-o\\'neil'",
      "dsLocation =~ 'westeurope'",
      "tostring(tagBag['costcenter']) =~ 'a\\\\b'",
    ]) {
      expect(kql.split(part)).toHaveLength(2);
    }
    expect(kql.indexOf('join kind=inner')).toBeGreaterThan(kql.indexOf('join kind=leftouter'));
  });
});

describe('several tag: filters', () => {
  it('are one bound line each inside the one tag join: values compared with =~, a key alone only present', () => {
    const kql = bindDigestItemsKql(MANY_TAGS, new Date('2025-06-14T12:00:00Z'));
    const lines = kql.split('\n').map((l) => l.trim());
    expect(lines).toContain("| where tostring(tagBag['env']) =~ 'prod'");
    expect(lines).toContain("| where tostring(tagBag['team']) =~ 'pay\\'ments'");
    expect(lines).toContain("| where isnotempty(tostring(tagBag['owner']))");
    expect(kql.match(/join kind=inner/g)).toHaveLength(1);
  });
});

describe('unprotected-hana.kql', () => {
  it("keeps hana.kql's rows: its unconditional lines and its VM key, verbatim", () => {
    const hana = readFileSync(join(SRC, 'unprotected/hana.kql'), 'utf8').split('\n');
    const shared = hana.filter((l) => l.startsWith('| ') && !l.includes('//?') && !l.startsWith('| project'));
    const vmKey = hana.find((l) => l.startsWith('| extend dsKey'))?.replace(/\s*\/\/\? ifTags$/, '');
    const variant = bindSharedHanaKql().split('\n');
    for (const line of [...shared, vmKey]) expect(variant).toContain(line);
    // Same columns as hana.kql projects, plus the VM's tags.
    const project = (lines: string[]) => lines.find((l) => l.startsWith('| project'));
    expect(project(variant)).toBe(`${project(hana)}, vmTags`);
  });
});
