// Store errors for metrics: the same Store, each method call that rejects counted under the method's name (a closed
// set: the Store interface), so every caller's failure shows up, however it handles it. Input the store refuses
// (StoreInputError: a caller's mistake, not the database's) is not counted.
import type { Metrics } from '../core/metrics';
import { type Store, StoreInputError } from './store';

export function countStoreErrors(store: Store, metrics: Pick<Metrics, 'storeError'>): Store {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      let method = wrapped.get(name);
      if (method === undefined) {
        method = (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (!(result instanceof Promise)) return result;
          return result.catch((err: unknown) => {
            if (!(err instanceof StoreInputError)) metrics.storeError(name);
            throw err;
          });
        };
        wrapped.set(name, method);
      }
      return method;
    },
  });
}
