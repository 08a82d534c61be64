// A PayloadStash in the store: long button payloads (a "Retry all" of hundreds of items) behind a short random id,
// so that buttons work after a restart and on every replica sharing the database. Expiry is the store's.
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store';
import type { PayloadStash } from './commands/payload';

export type StashStore = Pick<Store, 'putStashEntry' | 'getStashEntry'>;

export function createStoreStash(store: StashStore): PayloadStash {
  return {
    async put(value, ttlMs) {
      // 96 random bits: not guessable, and a collision (which would overwrite) is out of the question.
      const id = randomBytes(12).toString('hex');
      await store.putStashEntry(id, value, ttlMs);
      return id;
    },
    async get(id) {
      // Ids are ours (hex); anything else is a damaged or forged button, not worth a query.
      if (!/^[0-9a-f]{24}$/.test(id)) return undefined;
      return store.getStashEntry(id);
    },
  };
}
