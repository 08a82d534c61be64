// Helpers for the estate tests: one shared small estate, typed property access and ARM-id parsing.
import { type Estate, generateEstate, type Row } from '../../../src/sim/estate';

export const NOW = new Date('2025-06-01T12:00:00Z');

let cached: Estate | undefined;
/** The small estate for seed 42 (generated once per test file). */
export function smallEstate(): Estate {
  cached ??= generateEstate({ seed: 42, scale: 'small', now: NOW });
  return cached;
}

export type Props = Record<string, unknown> & {
  [key: string]: unknown;
};

export function props(row: Row): Props {
  return (row.properties ?? {}) as Props;
}

export function rowsOfType(estate: Estate, type: string): Row[] {
  const all = [
    ...estate.tables.Resources,
    ...estate.tables.RecoveryServicesResources,
    ...estate.tables.ResourceContainers,
  ];
  return all.filter((r) => r.type === type);
}

/** Pairs each ARM id segment with the next one, case-insensitively: { vaults: 'rsv1', backupfabrics: 'Azure', … }. */
export function parseArmId(id: string): Record<string, string> {
  const parts = id.split('/').filter((p) => p !== '');
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) out[(parts[i] as string).toLowerCase()] = parts[i + 1] as string;
  return out;
}

export function lowerIds(rows: Row[]): Set<string> {
  return new Set(rows.map((r) => String(r.id).toLowerCase()));
}
