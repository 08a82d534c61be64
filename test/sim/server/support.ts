// Shared by the stand-in's HTTP tests: the error a call that the stand-in must refuse rejects with.
import type { RestError } from '@azure/core-rest-pipeline';

/** What `run` rejects with (an SDK RestError unless told otherwise); a call that succeeds fails the test. */
export async function refusal<E extends Error = RestError>(run: () => Promise<unknown>): Promise<E> {
  try {
    await run();
  } catch (e) {
    return e as E;
  }
  throw new Error('expected the stand-in to refuse');
}
