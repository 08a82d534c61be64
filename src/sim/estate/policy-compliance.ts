// Azure Policy rows (PolicyResources) that follow the estate's own state: definitions, assignments at subscription and
// resource-group scope, and the latest policy state of each resource they evaluate. Derived from the finished tables
// without random draws, so adding them moves nothing else.
// Shapes: assignments and definitions as ARM's PolicyAssignment / PolicyDefinition; states with the fields of the
// PolicyState REST model that Microsoft's ARG samples read (complianceState, resourceId, policyAssignmentId, …).
// Unverified: a state row's own `id` (Azure documents none; here a hash under the resource's subscription), and that
// states carry lower-cased ids (common in REST answers): kept lower-case here so the bot must match ignoring case.
import { DAY, lastSegment, T } from './arm';
import type { GenContext } from './context';
import type { Row } from './types';

export const POLICY_TYPES = {
  state: 'microsoft.policyinsights/policystates',
  assignment: 'microsoft.authorization/policyassignments',
  definition: 'microsoft.authorization/policydefinitions',
} as const;

/** Built-in definitions the stand-in assigns (names as in Azure/azure-policy). */
export const BUILT_IN = {
  vmBackup: {
    name: '013e242c-8828-4970-87b3-ab247555486d',
    display: 'Azure Backup should be enabled for Virtual Machines',
    category: 'Backup',
    effect: 'AuditIfNotExists',
  },
  rsvSoftDelete: {
    name: '31b8092a-36b8-434b-9af7-5ec844364148',
    display: '[Preview]: Soft delete must be enabled for Recovery Services Vaults.',
    category: 'Backup',
    effect: 'Audit',
  },
  bvImmutability: {
    name: '2514263b-bc0d-4b06-ac3e-f262c0979018',
    display: '[Preview]: Immutability must be enabled for backup vaults',
    category: 'Backup',
    effect: 'Audit',
  },
  diskBackup: {
    name: 'a25a41a7-a769-4271-841d-7ce0297be0c0',
    display: '[Preview]: Azure Backup should be enabled for Managed Disks',
    category: 'Backup',
    effect: 'AuditIfNotExists',
  },
  allowedLocations: {
    name: 'e56962a6-4747-49cd-b67b-bf8b01975c4c',
    display: 'Allowed locations',
    category: 'General',
    effect: 'deny',
  },
} as const;

/** A custom definition in category Backup (only its category makes it backup-related). */
export const CUSTOM_GRS = {
  name: 'c0ffee00-0000-4000-8000-00000000a001',
  display: 'Recovery Services vaults must use geo-redundant storage',
};

const builtInId = (name: string) => `/providers/Microsoft.Authorization/policyDefinitions/${name}`;

/** FNV-1a, hex: a stable name for a state row. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function definitionRow(
  id: string,
  display: string,
  category: string,
  effect: string,
  sub?: { id: string; tenantId: string },
): Row {
  return {
    id,
    name: lastSegment(id),
    type: POLICY_TYPES.definition,
    tenantId: sub?.tenantId ?? '',
    subscriptionId: sub?.id ?? '',
    resourceGroup: '',
    location: '',
    properties: {
      displayName: display,
      policyType: sub ? 'Custom' : 'BuiltIn',
      mode: 'Indexed',
      metadata: { category, version: '1.0.0' },
      parameters: { effect: { type: 'String', defaultValue: effect } },
    },
  };
}

interface Assignment {
  id: string;
  name: string;
  scope: string;
  definitionId: string;
  definitionName: string;
  effect: string;
  sub: { id: string; tenantId: string };
}

function assignmentRow(a: Assignment, display: string, rg: string, enforcementMode?: string): Row {
  return {
    id: a.id,
    name: a.name,
    type: POLICY_TYPES.assignment,
    tenantId: a.sub.tenantId,
    subscriptionId: a.sub.id,
    resourceGroup: rg,
    location: '',
    properties: {
      displayName: display,
      policyDefinitionId: a.definitionId,
      scope: a.scope,
      notScopes: [],
      parameters: {},
      // Optional in ARM (default "Default"): one assignment leaves it out.
      ...(enforcementMode === undefined ? {} : { enforcementMode }),
    },
  };
}

function stateRow(a: Assignment, resource: Row, complianceState: string, timestamp: string): Row {
  const resourceId = String(resource.id).toLowerCase();
  const name = hash(`${a.id.toLowerCase()}|${resourceId}`);
  return {
    id: `/subscriptions/${a.sub.id}/providers/microsoft.policyinsights/policystates/${name}`,
    name,
    type: POLICY_TYPES.state,
    tenantId: a.sub.tenantId,
    subscriptionId: a.sub.id,
    resourceGroup: String(resource.resourceGroup ?? '').toLowerCase(),
    location: '',
    properties: {
      timestamp,
      resourceId,
      resourceType: String(resource.type),
      resourceLocation: String(resource.location ?? ''),
      resourceGroup: String(resource.resourceGroup ?? '').toLowerCase(),
      subscriptionId: a.sub.id,
      policyAssignmentId: a.id.toLowerCase(),
      policyAssignmentName: a.name,
      policyAssignmentScope: a.scope.toLowerCase(),
      policyDefinitionId: a.definitionId.toLowerCase(),
      policyDefinitionName: a.definitionName,
      policyDefinitionAction: a.effect.toLowerCase(),
      policyDefinitionReferenceId: '',
      policySetDefinitionId: '',
      complianceState,
      stateWeight: complianceState === 'NonCompliant' ? 300 : complianceState === 'Compliant' ? 200 : 50,
    },
  };
}

const at = (obj: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    obj,
  );

/** Appends PolicyResources rows; call after every other table is complete. */
export function generatePolicyCompliance(ctx: GenContext): void {
  const out = ctx.tables.PolicyResources;
  const timestamp = new Date(ctx.now - DAY / 4).toISOString();
  for (const b of Object.values(BUILT_IN)) out.push(definitionRow(builtInId(b.name), b.display, b.category, b.effect));
  const vmsBySub = new Map<string, Row[]>();
  const vaultsBySub = new Map<string, Row[]>();
  for (const r of ctx.tables.Resources) {
    const sub = String(r.subscriptionId).toLowerCase();
    const bucket = r.type === T.vm ? vmsBySub : r.type === T.rsvVault || r.type === T.bvVault ? vaultsBySub : undefined;
    if (!bucket) continue;
    const list = bucket.get(sub) ?? [];
    list.push(r);
    bucket.set(sub, list);
  }
  // Backed up = an RSV VM item (any protection state) names the VM: what the built-in AuditIfNotExists looks for.
  const backedUp = new Set<string>();
  for (const r of ctx.tables.RecoveryServicesResources) {
    if (r.type !== T.rsvItem) continue;
    const source = at(r, 'properties', 'sourceResourceId');
    if (
      typeof source === 'string' &&
      String(at(r, 'properties', 'backupManagementType')).toLowerCase() === 'azureiaasvm'
    )
      backedUp.add(source.toLowerCase());
  }
  for (const s of ctx.subs) {
    const sub = { id: s.id, tenantId: s.tenantId };
    const subScope = `/subscriptions/${s.id}`;
    const assign = (
      name: string,
      scope: string,
      def: { name: string; display: string; effect: string },
      defId: string,
    ): Assignment => ({
      id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`,
      name,
      scope,
      definitionId: defId,
      definitionName: def.name,
      effect: def.effect,
      sub,
    });
    const vms = vmsBySub.get(s.id.toLowerCase()) ?? [];
    const vaults = vaultsBySub.get(s.id.toLowerCase()) ?? [];
    // Every subscription but each third one audits VM backup; unprotected VMs are non-compliant, each 23rd exempt.
    if (s.index % 3 !== 2) {
      const a = assign(`backup-vms-${s.index}`, subScope, BUILT_IN.vmBackup, builtInId(BUILT_IN.vmBackup.name));
      out.push(assignmentRow(a, 'Audit: Azure Backup enabled for VMs', '', 'Default'));
      vms.forEach((vm, i) => {
        const ok = backedUp.has(String(vm.id).toLowerCase());
        out.push(stateRow(a, vm, ok ? 'Compliant' : i % 23 === 7 ? 'Exempt' : 'NonCompliant', timestamp));
      });
    }
    // RSV soft delete, assigned on the resource group of the subscription's first Recovery Services vault.
    const firstRsv = s.rsv[0];
    if (firstRsv) {
      const rgScope = `${subScope}/resourceGroups/${firstRsv.rgName}`;
      const a = assign(
        `rsv-soft-delete-${s.index}`,
        rgScope,
        BUILT_IN.rsvSoftDelete,
        builtInId(BUILT_IN.rsvSoftDelete.name),
      );
      out.push(assignmentRow(a, 'RSV soft delete on', firstRsv.rgName, 'DoNotEnforce'));
      for (const v of vaults) {
        if (v.type !== T.rsvVault || String(v.resourceGroup).toLowerCase() !== firstRsv.rgName.toLowerCase()) continue;
        const state = String(at(v, 'properties', 'securitySettings', 'softDeleteSettings', 'softDeleteState'));
        out.push(stateRow(a, v, state === 'Enabled' || state === 'AlwaysON' ? 'Compliant' : 'NonCompliant', timestamp));
      }
    }
    // Backup vault immutability on even subscriptions; no enforcementMode written (ARM's default).
    if (s.index % 2 === 0 && s.bv.length > 0) {
      const a = assign(
        `bv-immutability-${s.index}`,
        subScope,
        BUILT_IN.bvImmutability,
        builtInId(BUILT_IN.bvImmutability.name),
      );
      out.push(assignmentRow(a, 'Backup vault immutability', ''));
      for (const v of vaults) {
        if (v.type !== T.bvVault) continue;
        const state = String(at(v, 'properties', 'securitySettings', 'immutabilitySettings', 'state'));
        out.push(stateRow(a, v, state === 'Locked' || state === 'Unlocked' ? 'Compliant' : 'NonCompliant', timestamp));
      }
    }
    if (s.index === 0) {
      // A custom Backup-category definition (backup-related by its category only), audited on RSV redundancy.
      const defId = `${subScope}/providers/Microsoft.Authorization/policyDefinitions/${CUSTOM_GRS.name}`;
      out.push(definitionRow(defId, CUSTOM_GRS.display, 'Backup', 'Audit', sub));
      const a = assign(
        'rsv-grs',
        subScope,
        { name: CUSTOM_GRS.name, display: CUSTOM_GRS.display, effect: 'Audit' },
        defId,
      );
      out.push(assignmentRow(a, 'RSV geo-redundant storage', '', 'Default'));
      for (const v of vaults) {
        if (v.type !== T.rsvVault) continue;
        const storage = String(at(v, 'properties', 'redundancySettings', 'standardTierStorageRedundancy'));
        out.push(stateRow(a, v, storage === 'GeoRedundant' ? 'Compliant' : 'NonCompliant', timestamp));
      }
      // Not backup-related: never part of the compliance view.
      const other = assign(
        'allowed-locations',
        subScope,
        BUILT_IN.allowedLocations,
        builtInId(BUILT_IN.allowedLocations.name),
      );
      out.push(assignmentRow(other, 'Allowed locations', '', 'Default'));
      for (const vm of vms) out.push(stateRow(other, vm, 'NonCompliant', timestamp));
    }
    if (s.index === 1) {
      // Assigned, not evaluated yet: no state anywhere.
      const a = assign('backup-disks-new', subScope, BUILT_IN.diskBackup, builtInId(BUILT_IN.diskBackup.name));
      out.push(assignmentRow(a, 'Audit: Azure Backup enabled for disks', '', 'Default'));
    }
  }
}
