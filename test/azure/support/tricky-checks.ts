// The hand-computed expectations of test/fixtures/tricky-estate.expected.json and how an answer is checked against
// them, for any runner (the in-process KQL engine or the real HTTP path through the stand-in).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupData } from '../../../src/azure/backup-data';
import type { BackupInstance } from '../../../src/core/domain/instances';
import type { UnprotectedDatasource } from '../../../src/core/domain/unprotected';

// biome-ignore lint/suspicious/noExplicitAny: answers and expectations are walked as free-form JSON here.
type Json = any;

export interface TrickyCase {
  name: string;
  call: 'jobs' | 'jobSummary' | 'instances' | 'item' | 'unprotected' | 'vaults' | 'vault' | 'summary' | 'policies';
  args: unknown[];
  expect: Record<string, unknown>;
}

export const TRICKY_ESTATE = join(__dirname, '../../fixtures/tricky-estate.json');

export const tricky = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/tricky-estate.expected.json'), 'utf8'),
) as { now: string; ids: Record<string, string>; cases: TrickyCase[] };

const alias = new Map(Object.entries(tricky.ids).map(([k, v]) => [v.toLowerCase(), k]));
const named = (id: string): string => alias.get(id.toLowerCase()) ?? id;
const resolveArg = (arg: unknown): unknown =>
  typeof arg === 'string'
    ? arg.replace(/^\{(\w+):upper\}$/, (_m, k: string) => (tricky.ids[k] ?? k).toUpperCase())
    : arg;

/** Calls the facade as the case says; nulls in the JSON stand for omitted arguments. */
export async function askCase(
  data: BackupData,
  c: TrickyCase,
): Promise<{ value: Record<string, unknown>; partial: unknown[] }> {
  const fn = data[c.call] as (...a: unknown[]) => Promise<{ value: Record<string, unknown>; partial: unknown[] }>;
  return fn(...c.args.map(resolveArg).map((a) => (a === null ? undefined : a)));
}

function checkInstances(instances: BackupInstance[], wanted: Record<string, Record<string, unknown>>): void {
  for (const [key, want] of Object.entries(wanted)) {
    const got = instances.find((i) => named(i.id) === key);
    expect(got).toBeDefined();
    if (!got) continue;
    const view: Record<string, unknown> = {
      protectionState: got.protectionState,
      health: got.health,
      lastBackupStatus: got.lastBackupStatus,
      rawLastBackupStatus: got.rawLastBackupStatus,
      lastBackupTime: got.lastBackupTime,
      lastBackupSource: got.lastBackupSource,
      lastErrorCode: got.lastError?.code,
      workload: got.workload,
      retryPossible: got.retry.possible,
      retryReason: got.retry.possible ? undefined : got.retry.reason,
      ruleName: got.retryTarget?.kind === 'bv' ? got.retryTarget.ruleName : undefined,
      retentionTag: got.retryTarget?.kind === 'bv' ? got.retryTarget.retentionTag : undefined,
    };
    expect(Object.fromEntries(Object.keys(want).map((k) => [k, view[k]]))).toEqual(want);
  }
}

export function checkCase(c: TrickyCase, answer: { value: Record<string, unknown>; partial: unknown[] }): void {
  expect(answer.partial).toEqual([]);
  const v = answer.value as Json;
  const e = c.expect as Json;
  switch (c.call) {
    case 'jobs': {
      expect(v.jobs.map((j: { id: string }) => named(j.id))).toEqual(e.orderedIds);
      for (const [key, want] of Object.entries((e.jobs ?? {}) as Record<string, Record<string, unknown>>)) {
        const job = v.jobs.find((j: { id: string }) => named(j.id) === key);
        const view = {
          ...job,
          datasourceResourceGroup: job?.datasource.resourceGroup,
          datasourceName: job?.datasource.name,
        };
        expect(view).toMatchObject(want);
      }
      break;
    }
    case 'jobSummary':
    case 'summary':
      expect(v).toMatchObject(e);
      break;
    case 'instances':
      expect(v.instances.map((i: BackupInstance) => named(i.id)).sort()).toEqual([...e.ids].sort());
      if (e.counts) expect(v.counts).toMatchObject(e.counts);
      if (e.rankGroups) {
        let at = 0;
        for (const group of e.rankGroups as string[][]) {
          const slice = v.instances.slice(at, at + group.length).map((i: BackupInstance) => named(i.id));
          expect(slice.sort()).toEqual([...group].sort());
          at += group.length;
        }
      }
      if (e.instances) checkInstances(v.instances, e.instances);
      break;
    case 'item':
      expect(v.kind).toBe(e.kind);
      if (v.kind === 'found') {
        expect(named(v.detail.instance.id)).toBe(e.instance);
        expect(v.detail.jobs.map((j: { id: string }) => named(j.id))).toEqual(e.orderedJobIds);
        if (e.retryTarget) expect(v.detail.instance.retryTarget).toMatchObject(e.retryTarget);
        if (e.retryPossible !== undefined)
          expect(v.detail.instance.retry).toMatchObject({ possible: e.retryPossible, reason: e.retryReason });
      }
      break;
    case 'unprotected': {
      expect(v.datasources.map((d: { id: string }) => named(d.id)).sort()).toEqual([...e.ids].sort());
      // Stopped or soft-deleted protection comes apart, with its state and item; none unless the case names some.
      const stopped = Object.fromEntries(
        v.stopped.map((d: UnprotectedDatasource) => [
          named(d.id),
          { state: d.stopped?.state, item: named(d.stopped?.itemId ?? '') },
        ]),
      );
      expect(stopped).toEqual(e.stopped ?? {});
      if (e.adlsIds)
        expect(
          v.datasources.filter((d: UnprotectedDatasource) => d.adls).map((d: UnprotectedDatasource) => named(d.id)),
        ).toEqual(e.adlsIds);
      break;
    }
    case 'vaults':
      for (const [key, want] of Object.entries(e.vaults as Record<string, object>)) {
        expect(v.vaults.find((x: { id: string }) => named(x.id) === key)).toMatchObject(want);
      }
      if (e.bySecurityLevel) expect(v.bySecurityLevel).toEqual(e.bySecurityLevel);
      break;
    case 'vault':
      expect(v.kind).toBe(e.kind);
      expect(named(v.vault.id)).toBe(e.vault);
      break;
    case 'policies':
      expect(v.policies.map((p: { id: string }) => named(p.id))).toEqual(e.orderedIds);
      if (e.unused !== undefined) expect(v.unused).toBe(e.unused);
      for (const [key, want] of Object.entries((e.policies ?? {}) as Record<string, Record<string, unknown>>)) {
        const got = v.policies.find((p: { id: string }) => named(p.id) === key);
        const view: Record<string, unknown> = {
          ...got,
          ...(got ? v.termsOf(got) : {}),
          vault: got?.vault.name,
          vaultLocation: got?.vault.location,
        };
        expect(Object.fromEntries(Object.keys(want).map((k) => [k, view[k]]))).toEqual(want);
      }
      break;
  }
}
