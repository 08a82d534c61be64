// Backup policy rows for both vault kinds (docs/azure-facts.md §1.6). BV policies carry policyRules: AzureBackupRule
// (BackupHourly/BackupDaily/BackupWeekly with taggingCriteria tag names, needed for an ad-hoc backup request) and
// AzureRetentionRule; the operational-only blob policy has no AzureBackupRule, so no ad-hoc backup is possible.
import { T } from './arm';
import { BV_SPECS, type BvPolicySpec, bvProperties } from './bv-policy-properties';
import type { GenContext, PolicyKind, PolicyRec, Schedule, VaultRec } from './context';
import type { Rng } from './prng';
import { localZoneVmPolicy, type PolicySpec, RSV_SPECS, rsvProperties } from './rsv-policy-properties';
import type { Row } from './types';

function schedule(rng: Rng, spec: PolicySpec): Schedule {
  const offset =
    spec.everyHours === 168 ? rng.int(0, 7) * 1440 + rng.int(0, 24) * 60 : rng.int(0, 24) * 60 + rng.pick([0, 30]);
  return {
    everyHours: spec.everyHours,
    offsetMinutes: offset,
    minMinutes: spec.minutes[0],
    maxMinutes: spec.minutes[1],
  };
}
function policyRow(vault: VaultRec, name: string, type: string, properties: Record<string, unknown>): Row {
  return {
    id: `${vault.childPrefix}/backupPolicies/${name}`,
    name,
    type,
    tenantId: vault.sub.tenantId,
    location: vault.location,
    resourceGroup: vault.rgName.toLowerCase(),
    subscriptionId: vault.sub.id,
    properties,
  };
}

/** Creates the vault's policies, appends their rows, and records them on `vault.policies` by kind. */
export function createPolicies(ctx: GenContext, vault: VaultRec, rng: Rng): void {
  if (vault.kind === 'rsv') {
    for (const spec of RSV_SPECS) {
      const s = schedule(rng, spec);
      const row = policyRow(vault, spec.name, T.rsvPolicy, rsvProperties(spec, s));
      ctx.tables.RecoveryServicesResources.push(row);
      vault.policies[spec.kind] = { id: row.id as string, name: spec.name, schedule: s, row, count: 0 };
    }
    // One more VM policy in a local time zone that no item uses, built from the default policy's schedule so that
    // the generator draws nothing more (a draw would change every later row).
    const base = vault.policies.vm?.schedule;
    if (base)
      ctx.tables.RecoveryServicesResources.push(
        policyRow(vault, 'VmNightlyLocal', T.rsvPolicy, localZoneVmPolicy(base)),
      );
    return;
  }
  // Policies of workloads that came later (ADLS) are made on first use (ensureBvPolicy), so that adding one leaves the
  // existing estates (and their seeded draws) as they were.
  for (const spec of BV_SPECS.filter((b) => !LATER_BV_KINDS.has(b.kind))) {
    addBvPolicy(ctx, vault, spec, rng);
  }
}

const LATER_BV_KINDS: ReadonlySet<PolicyKind> = new Set(['adlsVaulted']);

function addBvPolicy(ctx: GenContext, vault: VaultRec, spec: BvPolicySpec, rng: Rng): void {
  const s = schedule(rng, spec);
  const row = policyRow(vault, spec.name, T.bvPolicy, bvProperties(spec, s));
  ctx.tables.RecoveryServicesResources.push(row);
  const rec: PolicyRec = { id: row.id as string, name: spec.name, schedule: s, row, count: 0 };
  if (spec.rule) {
    rec.ruleName = spec.rule;
    rec.retentionTag = 'Default';
  }
  vault.policies[spec.kind] = rec;
}

/** The Backup vault's policy of `kind`, made now (from `rng`) if the vault has none yet. */
export function ensureBvPolicy(ctx: GenContext, vault: VaultRec, kind: PolicyKind, rng: Rng): void {
  if (vault.policies[kind]) return;
  const spec = BV_SPECS.find((b) => b.kind === kind);
  if (!spec) throw new Error(`no Backup vault policy spec of kind ${kind}`);
  addBvPolicy(ctx, vault, spec, rng);
}

/** Writes RSV `protectedItemsCount` once every item has been assigned. */
export function finishPolicyCounts(ctx: GenContext): void {
  for (const sub of ctx.subs) {
    for (const vault of sub.rsv) {
      for (const rec of Object.values(vault.policies)) {
        (rec.row.properties as Record<string, unknown>).protectedItemsCount = rec.count;
      }
    }
  }
}
