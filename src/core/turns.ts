// Turns on the event loop: the CPU-heavy steps of an answer (mapping Resource Graph rows, building a view, rendering
// a card) each wait for a turn, and one turn is given per loop iteration, so requests waiting to be acknowledged
// (Slack's 3 s, Teams' 15 s) are read between two heavy steps instead of after all of them.

const waiting: Array<() => void> = [];
let granting = false;

/**
 * Resolves at the next free turn, in order of asking. A step that awaits it runs its synchronous part alone in
 * that iteration of the loop; I/O callbacks (new requests, answers from Azure) run before the next turn.
 */
export function takeTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!granting) {
      granting = true;
      setImmediate(grant);
    }
  });
}

/** setImmediate callbacks queued while immediates run wait for the next iteration, so polling for I/O comes between. */
function grant(): void {
  waiting.shift()?.();
  if (waiting.length > 0) setImmediate(grant);
  else granting = false;
}
