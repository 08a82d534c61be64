// Work over a list with a bounded number of tasks at once (posting to many conversations paces each platform's rate
// limits below this; the bound keeps one slow platform from holding every other post up).

/** Runs `work` for each entry, at most `limit` at once; a throw is reported to `failed` and the rest go on. */
export async function forEachLimited<T>(
  list: readonly T[],
  limit: number,
  work: (entry: T) => Promise<void>,
  failed: (entry: T, err: unknown) => void,
): Promise<void> {
  const queue = [...list];
  const worker = async () => {
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
      try {
        await work(entry);
      } catch (err) {
        failed(entry, err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, worker));
}
