// Azure Backup's built-in security alerts (docs: "Azure Monitor alerts for Azure Backup", Security category): "Soft
// Delete Disabled for Vault" and "MUA Disabled" on Recovery Services vaults whose settings say so, "Delete Backup
// Data" for soft-deleted items, and a few "Modify Policy with Shorter Retention" ones, in states and ages that vary.
// Their severities and context fields are the stand-in's choice (unverified, docs/azure-facts.md §1.8).

import { pushAlertRow } from './alert-rows';
import { DAY, T } from './arm';
import type { GenContext, VaultRec } from './context';
import { createRng, deriveSeed, type Rng } from './prng';
import type { Row } from './types';

type State = 'New' | 'Acknowledged' | 'Closed';

function pickState(rng: Rng): State {
  return rng.weighted<State>([
    ['New', 5],
    ['Acknowledged', 2],
    ['Closed', 2],
  ]);
}

const prop = (row: Row, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    row.properties,
  );

function vaultAlerts(ctx: GenContext, rng: Rng, vault: VaultRec, row: Row): void {
  const fired = () => ctx.now - rng.int(1, 13 * 24) * 3_600_000;
  const vaultOnly = {
    category: 'Security',
    sourceType: 'Vault',
    linkedResourceId: vault.id,
    linkedResourceName: vault.name,
  };
  if (String(prop(row, 'securitySettings', 'softDeleteSettings', 'softDeleteState')).toLowerCase() === 'disabled') {
    pushAlertRow(ctx, rng, vault, {
      rule: 'Soft Delete Disabled for Vault',
      severity: 'Sev1',
      firedMs: fired(),
      state: pickState(rng),
      description: `Soft delete was disabled for vault ${vault.name}.`,
      context: vaultOnly,
    });
  }
  if (String(prop(row, 'securitySettings', 'multiUserAuthorization')).toLowerCase() === 'disabled' && rng.chance(0.3)) {
    pushAlertRow(ctx, rng, vault, {
      rule: 'MUA Disabled',
      severity: 'Sev1',
      firedMs: fired(),
      state: pickState(rng),
      description: `Multi-user authorization was disabled for vault ${vault.name}.`,
      context: vaultOnly,
    });
  }
  if (rng.chance(0.15)) {
    pushAlertRow(ctx, rng, vault, {
      rule: 'Modify Policy with Shorter Retention',
      severity: 'Sev2',
      firedMs: fired(),
      state: rng.chance(0.5) ? 'Closed' : 'Acknowledged',
      description: `A backup policy of vault ${vault.name} now keeps recovery points for a shorter time.`,
      context: vaultOnly,
    });
  }
}

/** Soft-deleted RSV items and BV instances: their data was deleted when protection stopped. */
function deleteDataAlerts(ctx: GenContext, rng: Rng, vaults: Map<string, VaultRec>): void {
  for (const row of ctx.tables.RecoveryServicesResources) {
    const isRsv = row.type === T.rsvItem && prop(row, 'isScheduledForDeferredDelete') === true;
    const isBv = row.type === T.bvInstance && prop(row, 'currentProtectionState') === 'SoftDeleted';
    if (!isRsv && !isBv) continue;
    const id = String(row.id);
    const vault = vaults.get(id.split('/').slice(0, 9).join('/').toLowerCase());
    if (!vault) continue;
    const name = String(prop(row, 'friendlyName') ?? row.name);
    const purge = prop(row, 'deferredDeleteTimeInUTC');
    const purgeMs = typeof purge === 'string' ? Date.parse(purge) : Number.NaN;
    const firedMs = Number.isFinite(purgeMs) ? purgeMs - 14 * DAY : ctx.now - rng.int(1, 10) * DAY;
    pushAlertRow(ctx, rng, vault, {
      rule: 'Delete Backup Data',
      severity: 'Sev0',
      firedMs: Math.min(firedMs, ctx.now - 3_600_000),
      state: pickState(rng),
      description: `Backup data of ${name} was deleted (it stays recoverable while soft-deleted).`,
      context: {
        category: 'Security',
        protectedItemId: id,
        sourceType: isRsv
          ? String(prop(row, 'workloadType') ?? '')
          : String(prop(row, 'dataSourceInfo', 'datasourceType') ?? ''),
        linkedResourceId: String(
          (isRsv ? prop(row, 'sourceResourceId') : prop(row, 'dataSourceInfo', 'resourceID')) ?? '',
        ),
        linkedResourceName: name,
      },
    });
  }
}

/** Appends the security alerts, from its own random stream so that the rest of the estate does not move. */
export function generateSecurityAlerts(ctx: GenContext): void {
  const rng = createRng(deriveSeed(ctx.seed, 'security-alerts'));
  const rows = new Map(ctx.tables.Resources.map((r) => [String(r.id).toLowerCase(), r]));
  const vaults = new Map<string, VaultRec>();
  for (const sub of ctx.subs) {
    for (const vault of [...sub.rsv, ...sub.bv]) {
      vaults.set(vault.childPrefix.toLowerCase(), vault);
      vaults.set(vault.id.toLowerCase(), vault);
      const row = rows.get(vault.id.toLowerCase());
      if (vault.kind === 'rsv' && row) vaultAlerts(ctx, rng, vault, row);
    }
  }
  deleteDataAlerts(ctx, rng, vaults);
}
