// A ViewContext for view-builder tests: fixed clock and zone, a counting in-memory stash (stable ids for golden files)
// and a data port that refuses calls (view builders get their data as an argument and must not fetch).

import type { Caller } from '../../../../src/core/caller';
import type { PayloadStash } from '../../../../src/core/commands/payload';
import type { BackupDataPort } from '../../../../src/core/ports';
import type { ViewContext } from '../../../../src/core/views/context';
import { createTimeFormat } from '../../../../src/core/views/shared/time';
import { SUB_A } from './inventory-estates';

export const NOW = new Date('2025-11-24T10:02:00Z');

export class CountingStash implements PayloadStash {
  readonly values = new Map<string, unknown>();
  async put(value: unknown): Promise<string> {
    const id = `s${this.values.size + 1}`;
    this.values.set(id, value);
    return id;
  }
  async get(id: string): Promise<unknown | undefined> {
    return this.values.get(id);
  }
}

const refuse = () => {
  throw new Error('view builders must not fetch data');
};

const noData = new Proxy({}, { get: () => refuse }) as BackupDataPort;

/** The display names a view may show; unknown ids fall back to their first 8 characters. */
export const INVENTORY_SUBSCRIPTION_NAMES: ReadonlyMap<string, string> = new Map([[SUB_A, 'Contoso Production']]);

export function inventoryContext(overrides: Partial<ViewContext> = {}): ViewContext {
  const caller: Caller = {
    platform: 'teams',
    userId: '29:tester',
    tenantId: 'caller-tenant',
    timeZone: 'Europe/Berlin',
  };
  return {
    caller,
    now: NOW,
    data: noData,
    stash: new CountingStash(),
    time: createTimeFormat(caller.timeZone),
    pageSize: 10,
    portal: {},
    call: {},
    // Names of the subscriptions the inventory estates use (others show as "sub <first 8>").
    subscriptionNames: async () => INVENTORY_SUBSCRIPTION_NAMES,
    ...overrides,
  };
}
