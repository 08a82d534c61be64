// The demo estate: the DEMO_ESTATE file when set, else a generated one, and a one-line summary of what it holds
// (so that the startup log says what the demo is showing, and nobody mistakes it for a real tenant).
import type { EstateSummary } from './channels/teams/wire';
import { ARG_TYPES, type Estate, generateEstate, loadEstateFile } from './sim/estate';

export type { EstateSummary };

export interface DemoSettings {
  /** Absolute path of an estate JSON file; absent = generate one from scale and seed. */
  estatePath?: string;
  scale: 'small' | 'large';
  seed: number;
}

export function loadDemoEstate(demo: DemoSettings, now: Date): { estate: Estate; source: string } {
  if (demo.estatePath !== undefined) return { estate: loadEstateFile(demo.estatePath), source: demo.estatePath };
  return {
    estate: generateEstate({ seed: demo.seed, scale: demo.scale, now }),
    source: `generated ${demo.scale} estate, seed ${demo.seed}`,
  };
}

export function summarizeEstate(estate: Estate, source: string): EstateSummary {
  const count = (rows: readonly Record<string, unknown>[], type: string): number => {
    let n = 0;
    for (const row of rows) if (typeof row.type === 'string' && row.type.toLowerCase() === type) n++;
    return n;
  };
  const rsr = estate.tables.RecoveryServicesResources;
  let jobs = 0;
  let failedJobs = 0;
  for (const row of rsr) {
    const type = typeof row.type === 'string' ? row.type.toLowerCase() : '';
    if (type !== ARG_TYPES.rsvJob && type !== ARG_TYPES.bvJob) continue;
    jobs++;
    const status = (row.properties as { status?: unknown } | undefined)?.status;
    if (typeof status === 'string' && status.toLowerCase() === 'failed') failedJobs++;
  }
  const tenants = new Set(
    estate.tables.ResourceContainers.map((r) => String(r.tenantId ?? '').toLowerCase()).filter((t) => t !== ''),
  );
  return {
    source,
    tenants: tenants.size,
    subscriptions: count(estate.tables.ResourceContainers, ARG_TYPES.subscription),
    rsvVaults: count(estate.tables.Resources, ARG_TYPES.rsvVault),
    backupVaults: count(estate.tables.Resources, ARG_TYPES.bvVault),
    protectedItems: count(rsr, ARG_TYPES.rsvItem),
    backupInstances: count(rsr, ARG_TYPES.bvInstance),
    jobs,
    failedJobs,
  };
}

export function describeEstate(s: EstateSummary): string {
  return (
    `demo estate (${s.source}): ${s.subscriptions} subscriptions in ${s.tenants} tenants, ` +
    `${s.rsvVaults} Recovery Services vaults, ${s.backupVaults} Backup vaults, ` +
    `${s.protectedItems + s.backupInstances} backup instances, ${s.jobs} jobs (${s.failedJobs} failed) over 14 days`
  );
}
