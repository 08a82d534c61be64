// Azure Policy compliance of the backup-related policy assignments: per assignment, how many resources comply, and
// which do not. Also the catalog of Azure's built-in Backup definitions, by which a policy is known as backup-related.

/**
 * Azure's built-in policy definitions of category "Backup" (Azure/azure-policy, built-in-policies/policyDefinitions/
 * Backup, as of 2026-04), by definition name (the GUID at the end of `/providers/Microsoft.Authorization/
 * policyDefinitions/<name>`). A state or assignment naming one of these is backup-related; so is any definition or
 * initiative whose `metadata.category` is "Backup" in the definitions Resource Graph returns (custom ones, at scopes
 * the query can read). Built-in definitions Azure adds later are caught by that category only if Resource Graph
 * returns their definition row, which is unverified for subscription-scoped queries: extend this list then.
 */
export const BACKUP_BUILT_IN_DEFINITIONS: Readonly<Record<string, string>> = {
  '013e242c-8828-4970-87b3-ab247555486d': 'Azure Backup should be enabled for Virtual Machines',
  '345fa903-145c-4fe1-8bcd-93ec2adccde8':
    'Configure backup on virtual machines with a given tag to an existing recovery services vault in the same location',
  '09ce66bc-1220-4153-8104-e3f51c936913':
    'Configure backup on virtual machines without a given tag to an existing recovery services vault in the same location',
  '83644c87-93dd-49fe-bf9f-6aff8fd0834e':
    'Configure backup on virtual machines with a given tag to a new recovery services vault with a default policy',
  '98d0b9f8-fd90-49c9-88e2-d3baf3b0dd86':
    'Configure backup on virtual machines without a given tag to a new recovery services vault with a default policy',
  'a25a41a7-a769-4271-841d-7ce0297be0c0': 'Azure Backup should be enabled for Managed Disks',
  '4510daf9-5abc-4d7d-a11d-d84416b814f6': 'Azure Backup should be enabled for Blobs in Storage Accounts',
  'cfc5190a-3b19-4a23-b563-a4c719b666e4': 'Azure Backup should be enabled on Azure file shares',
  '0b0434ec-2bad-4229-965f-bb7ae5a71257': 'Azure Backup should be enabled for AKS clusters',
  'fda9cd0b-094c-4cd5-ac2a-5e06e5277c45': 'Azure Backup Extension should be installed in AKS clusters',
  '7b5a3b1d-d2e1-4c0b-9f3b-ad0b9a2283f4':
    'Configure backup for Azure Disks (Managed Disks) with a given tag to an existing backup vault in the same region',
  '6e68865f-f3cd-48ec-9bba-54795672eaa4':
    'Configure backup for Azure Disks (Managed Disks) without a given tag to an existing backup vault in the same region',
  '615b01c4-d565-4f6f-8c6e-d130268e3a1a':
    'Configure backup for blobs on storage accounts with a given tag to an existing backup vault in the same region',
  '958dbd4e-0e20-4385-a082-d3f20c2a6ad8':
    'Configure blob backup for all storage accounts that do not contain a given tag to a backup vault in the same region',
  'd8659d5a-a3bd-444d-98ea-570bceb568cf':
    'Configure backup for Azure Files Shares with a given tag to an existing recovery services vault in the same location',
  'e159e079-0ddd-4905-97c9-79a8fca6d880':
    'Configure backup for Azure Files Shares without a given tag to an existing recovery services vault in the same location',
  'f32ca068-2ada-4705-b5b5-84ce89422846':
    'Configure backup for Azure Files Shares with a given tag to a new recovery services vault with a new policy',
  '9e47cad9-bcdb-42dd-8c9b-a81e15ca2842':
    'Configure backup for Azure Files Shares without a given tag to a new recovery services vault with a new policy',
  'bdff5235-9f40-4a32-893f-38a03d5d607c':
    'Install Azure Backup Extension in AKS clusters (Managed Cluster) with a given tag',
  '9a021087-bba6-42fd-b535-bba75297566b':
    'Install Azure Backup Extension in AKS clusters (Managed Cluster) without a given tag',
  '31b8092a-36b8-434b-9af7-5ec844364148': 'Soft delete must be enabled for Recovery Services Vaults',
  '9798d31d-6028-4dee-8643-46102185c016': 'Soft delete should be enabled for Backup Vaults',
  'd6f6f560-14b7-49a4-9fc8-d2c3a9807868': 'Immutability must be enabled for Recovery Services vaults',
  '2514263b-bc0d-4b06-ac3e-f262c0979018': 'Immutability must be enabled for backup vaults',
  'c7031eab-0fc0-4cd9-acd0-4497bd66d91a': 'Multi-User Authorization (MUA) must be enabled for Recovery Services Vaults',
  'c58e083e-7982-4e24-afdc-be14d312389e': 'Multi-User Authorization (MUA) must be enabled for Backup Vaults',
  '2e94d99a-8a36-4563-bc77-810d8893b671':
    'Azure Recovery Services vaults should use customer-managed keys for encrypting backup data',
  'd6588149-9f06-462c-a076-56aece45b5ba':
    'Azure Backup Vaults should use customer-managed keys for encrypting backup data',
  '9ebbbba3-4d65-4da9-bb67-b22cfaaff090': 'Azure Recovery Services vaults should disable public network access',
  '04726aae-4e8d-427c-af7d-ecf56d490022': 'Configure Azure Recovery Services vaults to disable public network access',
  'deeddb44-9f94-4903-9fa0-081d524406e3': 'Azure Recovery Services vaults should use private link for backup',
  '8015d6ed-3641-4534-8d0b-5c67b67ff7de': 'Configure Recovery Services vaults to use private endpoints for backup',
  'af783da1-4ad1-42be-800d-d19c70038820': 'Configure Recovery Services vaults to use private DNS zones for backup',
  'f19b0c83-716f-4b81-85e3-2dbf057c35d6': 'Disable Cross Subscription Restore for Azure Recovery Services vaults',
  '4d479a11-f2b5-4f0a-bb1e-d2332aa95cda': 'Disable Cross Subscription Restore for Backup Vaults',
  '8f09fda1-91a2-4e14-96a2-67c6281158f7':
    'Do not allow creation of Recovery Services vaults of chosen storage redundancy',
  'c717fb0c-d118-4c43-ab3d-ece30ac81fb3':
    'Deploy Diagnostic Settings for Recovery Services Vault to Log Analytics workspace for resource specific categories',
};

/** `/providers/microsoft.authorization/policydefinitions/<name>` (lower case) of every built-in Backup definition. */
export function backupBuiltInDefinitionIds(): string[] {
  return Object.keys(BACKUP_BUILT_IN_DEFINITIONS).map(
    (name) => `/providers/microsoft.authorization/policydefinitions/${name}`,
  );
}

/** The built-in's display name for a definition id (any case), when it is one of ours. */
export function builtInDefinitionName(definitionId: string): string | undefined {
  const m = /^\/providers\/microsoft\.authorization\/policydefinitions\/([^/]+)$/i.exec(definitionId.trim());
  return m ? BACKUP_BUILT_IN_DEFINITIONS[(m[1] as string).toLowerCase()] : undefined;
}

/** Where an assignment applies: `/subscriptions/<id>[/resourceGroups/<rg>]` or a management group. */
export interface AssignmentScope {
  kind: 'subscription' | 'resource-group' | 'management-group' | 'other';
  /** As Azure wrote it. */
  id: string;
  subscriptionId?: string;
  resourceGroup?: string;
  managementGroup?: string;
}

export interface ComplianceCounts {
  /** Resources whose worst state under this assignment is NonCompliant (Microsoft's sample weights: 300). */
  nonCompliant: number;
  compliant: number;
  /** Exempted by a policy exemption (counted apart: not a failure, not a pass). */
  exempt: number;
  conflict: number;
  /** Unknown, not started or any state Azure adds later. */
  other: number;
}

/** One backup-related policy assignment and the compliance of the resources it evaluated (within the filters). */
export interface ComplianceAssignment {
  id: string;
  /** Azure's name (often a GUID); `displayName` is what the portal shows. */
  name: string;
  displayName?: string;
  tenantId?: string;
  scope: AssignmentScope;
  /** What it assigns: a definition or an initiative (policy set). */
  definitionId: string;
  /** The built-in's or the Backup-category definition's display name, when known. */
  definitionName?: string;
  /** `DoNotEnforce`: the assignment audits but its effects (deny, deploy) do not run. */
  enforcementMode?: string;
  counts: ComplianceCounts;
  /** Resources evaluated, whatever the filters (0: Azure has not evaluated the assignment yet). */
  evaluated: number;
  /** Up to five non-compliant resources (ARM ids), by name. */
  nonCompliantSample: string[];
}

export interface ComplianceList {
  /** Most non-compliant resources first, then by display name. */
  assignments: ComplianceAssignment[];
}

/** Resources the assignment evaluated within the filters. */
export function totalOf(c: ComplianceCounts): number {
  return c.nonCompliant + c.compliant + c.exempt + c.conflict + c.other;
}
