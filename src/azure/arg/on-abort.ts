// One 'abort' listener per signal, however many waits share it: the units of one query (a tenant's twenty subscription
// batches) queue for a slot or pace for quota on the same signal at once, and a listener each piled up on it.

interface Hub {
  listener: () => void;
  fires: Set<() => void>;
}

const hubs = new WeakMap<AbortSignal, Hub>();

/**
 * Calls `fire` once if `signal` aborts; returns the function that forgets it, to call when the wait ends otherwise.
 * The signal carries one listener while any wait is registered, and none once the last one is forgotten.
 */
export function onAbort(signal: AbortSignal, fire: () => void): () => void {
  // An aborted signal fires no more events: the wait ends now.
  if (signal.aborted) {
    fire();
    return () => {};
  }
  let hub = hubs.get(signal);
  if (hub === undefined) {
    const fires = new Set<() => void>();
    const listener = (): void => {
      hubs.delete(signal);
      for (const f of [...fires]) f();
      fires.clear();
    };
    hub = { listener, fires };
    hubs.set(signal, hub);
    signal.addEventListener('abort', listener, { once: true });
  }
  const own = hub;
  // Each registration its own entry: the same function registered by two waits fires for both.
  const entry = (): void => fire();
  own.fires.add(entry);
  return () => {
    if (!own.fires.delete(entry) || own.fires.size > 0) return;
    if (hubs.get(signal) === own) hubs.delete(signal);
    signal.removeEventListener('abort', own.listener);
  };
}
