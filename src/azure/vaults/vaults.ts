// Vault health for both vault kinds: posture, active items and failed jobs in the window, in one query.
import type { BackupFilters } from '../../core/domain/filters';
import type { DataResult } from '../../core/domain/result';
import {
  SECURITY_LEVELS,
  type SecurityLevel,
  type VaultHealth,
  type VaultList,
  type VaultLookup,
} from '../../core/domain/vaults';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { datasourceParams, type ResolvedFilters, refuseFilters, resolveFilters } from '../filters';
import { bindKql, loadKqlTemplate } from '../kql-binder';
import { toVaultHealth } from './vault-rows';

/** Filters mean the vault's own subscription, group, region and tags here (a vault has no datasource). */
export function bindVaultsKql(f: ResolvedFilters): string {
  return bindKql(loadKqlTemplate(__dirname, 'vaults.kql'), { ...datasourceParams(f), vault: f.vault, since: f.since });
}

export function toVaultList(vaults: VaultHealth[]): VaultList {
  const bySecurityLevel = Object.fromEntries(SECURITY_LEVELS.map((l) => [l, 0])) as Record<SecurityLevel, number>;
  for (const v of vaults) bySecurityLevel[v.securityLevel]++;
  return { vaults, bySecurityLevel };
}

export async function runVaults(log: QueryLog, f: ResolvedFilters): Promise<VaultList> {
  const rows = await log.run(bindVaultsKql(f));
  const vaults = rows.map(toVaultHealth).filter((v): v is VaultHealth => v !== undefined);
  vaults.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return toVaultList(vaults);
}

export async function queryVaults(ctx: QueryContext, filters: BackupFilters): Promise<DataResult<VaultList>> {
  const log = new QueryLog(ctx);
  refuseFilters(filters, ['workload'], 'vaults');
  const f = await resolveFilters(log, filters);
  return log.result(await runVaults(log, f));
}

/** `vault <name>`: by name (case-insensitive), optionally narrowed by sub:/rg:. */
export async function queryVault(
  ctx: QueryContext,
  name: string,
  filters: BackupFilters = {},
): Promise<DataResult<VaultLookup>> {
  const answer = await queryVaults(ctx, { ...filters, vault: name });
  const { vaults } = answer.value;
  const value: VaultLookup =
    vaults.length === 1 && vaults[0]
      ? { kind: 'found', vault: vaults[0] }
      : vaults.length === 0
        ? { kind: 'not-found', query: name }
        : { kind: 'ambiguous', candidates: vaults };
  return { ...answer, value };
}
