// compliance over a hand-made estate (test/fixtures/compliance-estate.json) through the stand-in's KQL engine, against
// answers worked out by hand: mixed-case ids and categories, missing optional fields (complianceState, resourceGroup,
// enforcementMode, policyDefinitionAction, an assignment row), initiatives with a non-backup member, exempt states,
// an assignment never evaluated, a management-group assignment known only from its states, a deleted resource.
import { join } from 'node:path';
import { createBackupData } from '../../../src/azure/backup-data';
import { scopeOf } from '../../../src/azure/compliance/compliance';
import type { ComplianceAssignment } from '../../../src/core/domain/compliance';
import type { BackupFilters } from '../../../src/core/domain/filters';
import { EngineRunner, loadEstateTables } from '../support/engine-runner';

const A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const data = createBackupData(
  new EngineRunner(
    loadEstateTables(join(__dirname, '../../fixtures/compliance-estate.json')),
    new Date('2025-06-15T12:00:00Z'),
  ),
);

/** name → [non-compliant, compliant, exempt, other, evaluated whatever the filters, sample names]. */
type Row = [number, number, number, number, number, string[]];
async function ask(filters: BackupFilters): Promise<Record<string, Row>> {
  const got = await data.compliance(filters);
  expect(got.partial).toEqual([]);
  return Object.fromEntries(
    got.value.assignments.map((a: ComplianceAssignment) => [
      a.displayName ?? a.name,
      [
        a.counts.nonCompliant,
        a.counts.compliant,
        a.counts.exempt,
        a.counts.other,
        a.evaluated,
        a.nonCompliantSample.map((id) => id.split('/').pop() as string),
      ],
    ]),
  );
}

test('no filters: every backup assignment, worst state per resource, most non-compliant first', async () => {
  const got = await data.compliance({});
  expect(got.value.assignments.map((a) => a.displayName ?? a.name)).toEqual([
    'Audit VM backup',
    'Backup baseline',
    'mg-vm-backup',
    'Vault soft delete (custom)',
    'Audit disk backup',
  ]);
  expect(await ask({})).toEqual({
    // vm-a and the deleted vm-gone; vm-b compliant; vm-c exempt; vm-e without a complianceState.
    'Audit VM backup': [2, 1, 1, 1, 5, ['vm-a', 'vm-gone']],
    // Initiative: vm-a's non-backup member is dropped; vm-b is compliant for one member, non-compliant for another.
    'Backup baseline': [2, 0, 0, 0, 2, ['vm-a', 'vm-b']],
    // Known from its states only (mixed-case assignment ids), across two subscriptions.
    'mg-vm-backup': [2, 0, 0, 0, 2, ['vm-a', 'vm-d']],
    // Custom definition of category "backup" (lower case), resource id in capitals, no resourceGroup property.
    'Vault soft delete (custom)': [1, 0, 0, 0, 1, ['RSV-1']],
    'Audit disk backup': [0, 0, 0, 0, 0, []],
  });
  const by = (name: string) => got.value.assignments.find((a) => (a.displayName ?? a.name) === name);
  expect(by('Audit VM backup')).toMatchObject({
    definitionName: 'Azure Backup should be enabled for Virtual Machines',
    scope: { kind: 'subscription', subscriptionId: A },
  });
  expect(by('Audit VM backup')?.enforcementMode).toBeUndefined();
  expect(by('Vault soft delete (custom)')).toMatchObject({
    enforcementMode: 'DoNotEnforce',
    definitionName: 'Vaults keep soft delete on',
    scope: { kind: 'resource-group', resourceGroup: 'rg-backup' },
  });
  expect(by('Backup baseline')?.definitionName).toBe('Backup baseline initiative');
  expect(by('mg-vm-backup')?.scope).toMatchObject({ kind: 'management-group', managementGroup: 'mg-root' });
  expect(by('Audit disk backup')?.definitionName).toBe('Azure Backup should be enabled for Managed Disks');
});

test('sub: keeps the states of that subscription and its unevaluated assignments', async () => {
  expect(await ask({ subscription: B })).toEqual({
    'mg-vm-backup': [1, 0, 0, 0, 2, ['vm-d']],
    'Audit disk backup': [0, 0, 0, 0, 0, []],
  });
});

test('tag: (any case) matches the resource’s tags; deleted resources and unevaluated assignments drop out', async () => {
  expect(await ask({ tags: [{ key: 'ENV', value: 'prod' }] })).toEqual({
    'Audit VM backup': [1, 0, 0, 0, 5, ['vm-a']],
    'Backup baseline': [1, 0, 0, 0, 2, ['vm-a']],
    'mg-vm-backup': [2, 0, 0, 0, 2, ['vm-a', 'vm-d']],
  });
  expect(
    await ask({
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'missing', value: '' },
      ],
    }),
  ).toEqual({});
});

test('rg: and location: narrow to the resources there', async () => {
  expect(await ask({ resourceGroup: 'RG-APP' })).toEqual({
    'Audit VM backup': [1, 1, 1, 1, 5, ['vm-a']],
    'Backup baseline': [2, 0, 0, 0, 2, ['vm-a', 'vm-b']],
    'mg-vm-backup': [1, 0, 0, 0, 2, ['vm-a']],
    // Subscription-wide and never evaluated: it covers any group.
    'Audit disk backup': [0, 0, 0, 0, 0, []],
  });
  expect(await ask({ location: 'northeurope' })).toEqual({
    'Audit VM backup': [0, 1, 0, 0, 5, []],
    'Backup baseline': [1, 0, 0, 0, 2, ['vm-b']],
  });
});

test('assignment scopes read from any casing', () => {
  expect(scopeOf(`/SUBSCRIPTIONS/${A}/resourcegroups/Rg-X`)).toEqual({
    kind: 'resource-group',
    id: `/SUBSCRIPTIONS/${A}/resourcegroups/Rg-X`,
    subscriptionId: A,
    resourceGroup: 'Rg-X',
  });
  expect(scopeOf('/providers/microsoft.management/managementgroups/Root')).toMatchObject({ managementGroup: 'Root' });
  expect(scopeOf('')).toEqual({ kind: 'other', id: '' });
});
