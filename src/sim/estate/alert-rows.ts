// One AlertsManagementResources row in the Azure Monitor alert shape (Alerts REST model: properties.essentials with
// severity, alertState, monitorCondition, target*, times; properties.context), shared by job and security alerts.
// What Azure Backup writes into properties.context in Resource Graph is unverified (docs/azure-facts.md §1.8).
import { T } from './arm';
import type { GenContext, VaultRec } from './context';
import type { Rng } from './prng';

export interface AlertSpec {
  rule: string;
  severity: 'Sev0' | 'Sev1' | 'Sev2' | 'Sev3' | 'Sev4';
  firedMs: number;
  /** Set when the condition cleared (the next good backup); the alert then reads Resolved. */
  resolvedMs?: number;
  /** Last change; defaults to resolvedMs or firedMs. */
  modifiedMs?: number;
  state: 'New' | 'Acknowledged' | 'Closed';
  description: string;
  context: Record<string, unknown>;
}

/** Appends one alert on `vault` (the alert's target: Azure Backup's built-in alerts target the vault). */
export function pushAlertRow(ctx: GenContext, rng: Rng, vault: VaultRec, a: AlertSpec): void {
  const resolved = a.resolvedMs !== undefined;
  const essentials: Record<string, unknown> = {
    severity: a.severity,
    signalType: 'Log',
    alertState: a.state,
    monitorCondition: resolved ? 'Resolved' : 'Fired',
    monitorService: 'Azure Backup',
    alertRule: a.rule,
    targetResource: vault.id,
    targetResourceName: vault.name,
    targetResourceGroup: vault.rgName,
    targetResourceType: vault.kind === 'rsv' ? T.rsvVault : T.bvVault,
    startDateTime: new Date(a.firedMs).toISOString(),
    lastModifiedDateTime: new Date(a.modifiedMs ?? a.resolvedMs ?? a.firedMs).toISOString(),
  };
  if (a.resolvedMs !== undefined) essentials.monitorConditionResolvedDateTime = new Date(a.resolvedMs).toISOString();
  essentials.description = a.description;
  essentials.actionStatus = { isSuppressed: false };
  ctx.tables.AlertsManagementResources.push({
    id: `/subscriptions/${vault.sub.id}/providers/Microsoft.AlertsManagement/alerts/${rng.guid()}`,
    name: a.rule,
    type: T.alert,
    tenantId: vault.sub.tenantId,
    kind: '',
    location: 'global',
    resourceGroup: vault.rgName.toLowerCase(),
    subscriptionId: vault.sub.id,
    properties: { essentials, context: a.context },
  });
}
