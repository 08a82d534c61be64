// Azure Policy rows of the small estate: documented shapes, and states that agree with the estate's own protection and
// vault settings (checked here from the other tables, not from the generator's rules).
import { generateEstate, ARG_TYPES as T } from '../../../src/sim/estate';
import { props, rowsOfType, smallEstate } from './estate-helpers';

const estate = smallEstate();
const policy = estate.tables.PolicyResources;
const states = policy.filter((r) => r.type === 'microsoft.policyinsights/policystates');
const assignments = policy.filter((r) => r.type === 'microsoft.authorization/policyassignments');
const lower = (v: unknown) => String(v ?? '').toLowerCase();

test('assignments have ARM ids at subscription or resource-group scope, and a definition id', () => {
  expect(assignments.length).toBeGreaterThan(3);
  for (const a of assignments) {
    const p = props(a);
    expect(a.id).toBe(`${p.scope}/providers/Microsoft.Authorization/policyAssignments/${a.name}`);
    expect(String(p.scope)).toMatch(/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/);
    expect(String(p.policyDefinitionId)).toMatch(/\/providers\/Microsoft\.Authorization\/policyDefinitions\/[^/]+$/);
  }
  // enforcementMode is optional in ARM: some rows leave it out, one audits only.
  expect(assignments.some((a) => props(a).enforcementMode === undefined)).toBe(true);
  expect(assignments.some((a) => props(a).enforcementMode === 'DoNotEnforce')).toBe(true);
});

test('every state names an existing assignment (any case) and resource, with a documented complianceState', () => {
  const ids = new Set(assignments.map((a) => lower(a.id)));
  const resources = new Set(estate.tables.Resources.map((r) => lower(r.id)));
  for (const s of states) {
    const p = props(s);
    expect(ids.has(lower(p.policyAssignmentId))).toBe(true);
    expect(resources.has(lower(p.resourceId))).toBe(true);
    expect(['Compliant', 'NonCompliant', 'Exempt']).toContain(p.complianceState);
  }
  // One assignment has no state yet.
  const evaluated = new Set(states.map((s) => lower(props(s).policyAssignmentId)));
  expect(assignments.filter((a) => !evaluated.has(lower(a.id))).map((a) => a.name)).toEqual(['backup-disks-new']);
});

test('VM backup states follow the Recovery Services items; vault states follow the vault settings', () => {
  const backedUp = new Set(
    rowsOfType(estate, T.rsvItem)
      .filter((i) => lower(props(i).backupManagementType) === 'azureiaasvm')
      .map((i) => lower(props(i).sourceResourceId)),
  );
  const vaults = new Map(estate.tables.Resources.map((r) => [lower(r.id), r]));
  let vm = 0;
  let softDelete = 0;
  for (const s of states) {
    const p = props(s);
    const definition = lower(p.policyDefinitionId);
    if (definition.endsWith('013e242c-8828-4970-87b3-ab247555486d')) {
      vm++;
      if (backedUp.has(lower(p.resourceId))) expect(p.complianceState).toBe('Compliant');
      else expect(['NonCompliant', 'Exempt']).toContain(p.complianceState);
    }
    if (definition.endsWith('31b8092a-36b8-434b-9af7-5ec844364148')) {
      softDelete++;
      const vault = props(vaults.get(lower(p.resourceId)) ?? {});
      const state = (vault.securitySettings as { softDeleteSettings?: { softDeleteState?: string } } | undefined)
        ?.softDeleteSettings?.softDeleteState;
      expect(p.complianceState).toBe(state === 'Enabled' || state === 'AlwaysON' ? 'Compliant' : 'NonCompliant');
    }
  }
  expect(vm).toBeGreaterThan(10);
  expect(softDelete).toBeGreaterThan(0);
  expect(new Set(states.map((s) => props(s).complianceState))).toEqual(
    new Set(['Compliant', 'NonCompliant', 'Exempt']),
  );
});

test('the same seed gives the same rows', () => {
  const again = generateEstate({ seed: 7, scale: 'small', now: new Date('2025-03-10T09:30:00Z') });
  const first = generateEstate({ seed: 7, scale: 'small', now: new Date('2025-03-10T09:30:00Z') });
  expect(JSON.stringify(again.tables.PolicyResources)).toBe(JSON.stringify(first.tables.PolicyResources));
});
