// compliance over HTTP (connectAzure → ArgClient → stand-in): a generated estate's answers against counts computed
// here from the raw PolicyResources / Resources / RecoveryServicesResources rows, never from the query code.
import type { AzureBackend } from '../../../src/compose-azure';
import { BACKUP_BUILT_IN_DEFINITIONS } from '../../../src/core/domain/compliance';
import { type Estate, generateEstate, type Row } from '../../../src/sim/estate';
import { connectStandIn } from '../support/stand-in-backend';

const NOW = new Date('2025-03-10T09:30:00Z');
const props = (row: Row): Record<string, unknown> => (row.properties ?? {}) as Record<string, unknown>;
const lower = (value: unknown): string => (typeof value === 'string' ? value : '').toLowerCase();

interface Want {
  nonCompliant: Set<string>;
  compliant: number;
  exempt: number;
}

/**
 * Expected answer: states whose definition is a built-in Backup one or a definition row of category Backup, worst
 * state per resource and assignment; only resources passing `keep`.
 */
function expected(estate: Estate, keep: (resourceId: string) => boolean): Map<string, Want> {
  const rows = estate.tables.PolicyResources;
  const backupDefs = new Set(
    rows
      .filter(
        (r) =>
          r.type === 'microsoft.authorization/policydefinitions' &&
          lower(props(r).metadata && (props(r).metadata as Row).category) === 'backup',
      )
      .map((r) => lower(r.id)),
  );
  for (const name of Object.keys(BACKUP_BUILT_IN_DEFINITIONS))
    backupDefs.add(`/providers/microsoft.authorization/policydefinitions/${name}`);
  const out = new Map<string, Want>();
  const weight = (s: string) => (s === 'NonCompliant' ? 3 : s === 'Compliant' ? 2 : s === 'Exempt' ? 1 : 0);
  const worst = new Map<string, string>();
  for (const r of rows) {
    if (r.type !== 'microsoft.policyinsights/policystates') continue;
    const p = props(r);
    if (!backupDefs.has(lower(p.policyDefinitionId)) || !keep(lower(p.resourceId))) continue;
    const key = `${lower(p.policyAssignmentId)}§${lower(p.resourceId)}`;
    const state = String(p.complianceState);
    if (weight(state) > weight(worst.get(key) ?? '')) worst.set(key, state);
  }
  for (const [key, state] of worst) {
    const [assignment, resource] = key.split('§') as [string, string];
    const w = out.get(assignment) ?? { nonCompliant: new Set(), compliant: 0, exempt: 0 };
    if (state === 'NonCompliant') w.nonCompliant.add(resource);
    if (state === 'Compliant') w.compliant++;
    if (state === 'Exempt') w.exempt++;
    out.set(assignment, w);
  }
  return out;
}

describe('compliance over a generated estate', () => {
  const estate = generateEstate({ seed: 7, scale: 'small', now: NOW });
  let backend: AzureBackend;
  beforeAll(async () => {
    backend = await connectStandIn(estate, NOW);
  });
  afterAll(async () => {
    await backend.close();
  });

  const check = (got: Awaited<ReturnType<AzureBackend['backupData']['compliance']>>, want: Map<string, Want>) => {
    const evaluated = got.value.assignments.filter((a) => a.evaluated > 0);
    expect(evaluated.map((a) => a.id.toLowerCase()).sort()).toEqual([...want.keys()].sort());
    for (const a of evaluated) {
      const w = want.get(a.id.toLowerCase()) as Want;
      expect([a.id, a.counts.nonCompliant, a.counts.compliant, a.counts.exempt]).toEqual([
        a.id,
        w.nonCompliant.size,
        w.compliant,
        w.exempt,
      ]);
      expect(a.nonCompliantSample.length).toBe(Math.min(5, w.nonCompliant.size));
      for (const id of a.nonCompliantSample) expect(w.nonCompliant.has(id.toLowerCase())).toBe(true);
    }
  };

  test('every backup-related assignment with its counts from the rows; others never; one request', async () => {
    const got = await backend.backupData.compliance({});
    expect(got.partial).toEqual([]);
    expect(got.stats.requests).toBe(1);
    const want = expected(estate, () => true);
    check(got, want);
    const names = got.value.assignments.map((a) => a.displayName ?? a.name);
    expect(names).not.toContain('Allowed locations');
    // The custom Backup-category definition counts by its category; the VM audit finds unprotected VMs.
    expect(names).toContain('RSV geo-redundant storage');
    const vmAudit = got.value.assignments.find((a) => a.name === 'backup-vms-0');
    expect(vmAudit?.definitionName).toBe('Azure Backup should be enabled for Virtual Machines');
    expect(vmAudit?.counts.nonCompliant).toBeGreaterThan(0);
    expect(vmAudit?.counts.compliant).toBeGreaterThan(0);
    // Assigned, never evaluated: listed with nothing counted.
    const fresh = got.value.assignments.find((a) => a.name === 'backup-disks-new');
    expect(fresh?.evaluated).toBe(0);
    // Most non-compliant first.
    const nc = got.value.assignments.map((a) => a.counts.nonCompliant);
    expect(nc).toEqual([...nc].sort((x, y) => y - x));
  });

  test('rg:, location: and tag: narrow to the evaluated resources', async () => {
    const resources = new Map(estate.tables.Resources.map((r) => [lower(r.id), r]));
    const vm = estate.tables.Resources.find((r) => r.type === 'microsoft.compute/virtualmachines') as Row;
    const rg = String(vm.resourceGroup);
    const byRg = await backend.backupData.compliance({ resourceGroup: rg.toUpperCase() });
    check(
      byRg,
      expected(estate, (id) => lower(resources.get(id)?.resourceGroup) === rg.toLowerCase()),
    );
    const location = String(vm.location);
    const byRegion = await backend.backupData.compliance({ location });
    check(
      byRegion,
      expected(estate, (id) => lower(resources.get(id)?.location) === location.toLowerCase()),
    );
    expect(byRegion.value.assignments.every((a) => a.evaluated > 0)).toBe(true);
    const [key, value] = Object.entries((vm.tags ?? {}) as Record<string, string>)[0] as [string, string];
    const byTag = await backend.backupData.compliance({ tags: [{ key: key.toUpperCase(), value }] });
    const tagged = (id: string) =>
      Object.entries((resources.get(id)?.tags ?? {}) as Record<string, string>).some(
        ([k, v]) => k.toLowerCase() === key.toLowerCase() && v.toLowerCase() === value.toLowerCase(),
      );
    check(byTag, expected(estate, tagged));
    expect(byTag.stats.requests).toBe(1);
  });

  test('vault:, type: and since: are refused with what to do', async () => {
    await expect(backend.backupData.compliance({ vault: 'rsv-prod' })).rejects.toThrow(/vault: does not apply/);
    await expect(backend.backupData.compliance({ since: '7d' })).rejects.toThrow(/since: does not apply/);
  });
});
