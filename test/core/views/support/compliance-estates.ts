// Policy assignments for the compliance view tests: the longest names, definitions and non-compliant resource names
// Azure allows, every count set, so that a page of them is the hardest page there is.
import type { ComplianceAssignment, ComplianceList } from '../../../../src/core/domain/compliance';
import { SUB_A, TENANT } from './inventory-estates';

export function hugeAssignment(n: number): ComplianceAssignment {
  const rg = `rg-${'g'.repeat(87)}`;
  const scope = `/subscriptions/${SUB_A}/resourceGroups/${rg}`;
  // Assignment names are at most 64 characters; display names at most 128.
  const name = `assignment-${String(n).padStart(5, '0')}-${'a'.repeat(47)}`;
  const vm = (k: number) =>
    `${scope}/providers/Microsoft.Compute/virtualMachines/vm-${String(n).padStart(5, '0')}-${k}-${'v'.repeat(50)}`;
  return {
    id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`,
    name,
    displayName: `Audit backup of every virtual machine ${n} ${'d'.repeat(128)}`.slice(0, 128),
    tenantId: TENANT,
    scope: { kind: 'resource-group', id: scope, subscriptionId: SUB_A, resourceGroup: rg },
    definitionId: '/providers/Microsoft.Authorization/policyDefinitions/345fa903-145c-4fe1-8bcd-93ec2adccde8',
    definitionName:
      'Configure backup on virtual machines with a given tag to an existing recovery services vault in the same location',
    enforcementMode: 'DoNotEnforce',
    counts: { nonCompliant: 123_456 - n, compliant: 98_765, exempt: 4_321, conflict: 12, other: 3 },
    evaluated: 300_000,
    nonCompliantSample: [1, 2, 3, 4, 5].map(vm),
  };
}

/** 300 assignments, each with every count and five long non-compliant names. */
export function hugeCompliance(): ComplianceList {
  return { assignments: Array.from({ length: 300 }, (_, n) => hugeAssignment(n)) };
}
