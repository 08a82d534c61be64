// The hand-made digest estate (test/fixtures/digest-estate.json): its path, rows, the names of its items, its clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgRow } from '../../../../src/azure/arg-types';

export const DIGEST_ESTATE = join(__dirname, '../../../fixtures/digest-estate.json');

export const digestEstate = JSON.parse(readFileSync(DIGEST_ESTATE, 'utf8')) as {
  ids: Record<string, string>;
  tables: Record<string, ArgRow[]>;
};

/** The estate's clock, and the previous digest's time the tests use as recoveredSince. */
export const DIGEST_NOW = new Date('2025-06-15T12:00:00Z');
export const DIGEST_SINCE = new Date('2025-06-14T12:00:00Z');

const alias = new Map(Object.entries(digestEstate.ids).map(([k, v]) => [v.toLowerCase(), k]));

/** The fixture's name for an item (its key when unnamed). */
export function itemName(item: { key: string }): string {
  return alias.get(item.key) ?? item.key;
}
