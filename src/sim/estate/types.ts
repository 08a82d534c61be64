// The shape of an estate: Azure Resource Graph tables as rows exactly as ARG returns them (objectArray format).
// Shared by the estate generator, the estate-file loader, the KQL engine and the stand-in's HTTP server.

/** One ARG row: `id`, `name`, `type` (lower-case), `tenantId`, `subscriptionId`, `resourceGroup`, `location`, `properties`, `tags`, … */
export type Row = Record<string, unknown>;

/** The ARG tables the stand-in serves. */
export const TABLE_NAMES = [
  'Resources',
  'RecoveryServicesResources',
  'ResourceContainers',
  'AlertsManagementResources',
  'PolicyResources',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export interface Estate {
  /** Rows per table; a table missing from an estate file is empty. */
  tables: Record<TableName, Row[]>;
}
