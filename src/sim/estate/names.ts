// Name pools for the generated estate: regions, apps, environments, owners, sizes and images.
// Kept as module constants so that a million rows share the same string instances.

export const REGIONS = [
  'westeurope',
  'northeurope',
  'eastus',
  'eastus2',
  'westus2',
  'uksouth',
  'germanywestcentral',
  'southeastasia',
  'centralus',
  'australiaeast',
] as const;

export const APPS = [
  'sales',
  'erp',
  'crm',
  'web',
  'hr',
  'payments',
  'data',
  'analytics',
  'identity',
  'billing',
  'portal',
  'iot',
  'ml',
  'search',
  'mail',
  'fin',
  'ops',
  'shop',
] as const;

export const ENVS = ['prod', 'prod', 'prod', 'dev', 'test', 'uat', 'qa'] as const;

export const OWNERS = [
  'alice@contoso.com',
  'bob@contoso.com',
  'carol@contoso.com',
  'dave@contoso.com',
  'erin@fabrikam.com',
  'frank@fabrikam.com',
  'grace@contoso.com',
  'heidi@fabrikam.com',
] as const;

export const COST_CENTERS = ['CC-1001', 'CC-1002', 'CC-2040', 'CC-3100', 'CC-4200', 'CC-5000'] as const;

export const VM_SIZES = [
  'Standard_D2s_v5',
  'Standard_D4s_v5',
  'Standard_D8s_v5',
  'Standard_E4s_v5',
  'Standard_B2ms',
  'Standard_F4s_v2',
] as const;

export const WINDOWS_IMAGE = Object.freeze({
  publisher: 'MicrosoftWindowsServer',
  offer: 'WindowsServer',
  sku: '2022-datacenter-azure-edition',
});
export const LINUX_IMAGE = Object.freeze({
  publisher: 'Canonical',
  offer: '0001-com-ubuntu-server-jammy',
  sku: '22_04-lts-gen2',
});
export const SQL_IMAGE = Object.freeze({
  publisher: 'MicrosoftSQLServer',
  offer: 'sql2022-ws2022',
  sku: 'enterprise-gen2',
});
export const HANA_IMAGE = Object.freeze({ publisher: 'SUSE', offer: 'sles-sap-15-sp5', sku: 'gen2' });

export const SQL_DBS = [
  'master',
  'model',
  'msdb',
  'SalesDB',
  'Inventory',
  'HRPayroll',
  'Orders',
  'Reporting',
  'AuditLog',
];
export const PG_DBS = ['appdb', 'orders', 'users', 'telemetry', 'catalog'];
export const SHARES = ['profiles', 'finance', 'shared', 'scans', 'archive', 'home', 'build'];
export const HANA_SIDS = ['H22', 'HDB', 'S4P', 'BWP', 'HXE'];

/** Two-digit (or longer) zero-padded counter. */
export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * A name casing variant: ARM keeps what the creator typed, so estates mix `rg-sales-prod`, `RG-SALES-PROD`,
 * `Rg-Sales-Prod`.
 */
export function caseVariant(name: string, variant: number): string {
  if (variant === 1) return name.toUpperCase();
  if (variant === 2) return name.replace(/(^|[-_])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
  return name;
}

/**
 * The same ARM id as another table or RP spells it: ARG does not normalise id casing, and Compute upper-cases
 * resource-group names in some ids (docs/azure-facts.md §1.1). 60% unchanged, 25% all lower-case, 15% upper-case group.
 */
export function variantId(r: number, id: string): string {
  if (r < 0.6) return id;
  if (r < 0.85) return id.toLowerCase();
  return id.replace(/\/resourceGroups\/([^/]+)\//i, (_m, rg: string) => `/resourceGroups/${rg.toUpperCase()}/`);
}
