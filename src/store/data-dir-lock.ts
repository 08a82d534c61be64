// One process per PGlite directory: PGlite has no locking of its own, and two writers would corrupt the files.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes `<dir>.lock` (holding our pid) and returns its release function. A lock left by a dead process, or by an
 * earlier life of this pid (a container restarted as pid 1), is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const file = `${dir}.lock`;
  if (heldHere.has(file)) throw new Error(`${dir} is already open in this process`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        try {
          unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readOwner(file);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `${dir} is in use by process ${owner}: the embedded database allows one bot process per DATA_DIR. ` +
          `Set DATABASE_URL to share a PostgreSQL between replicas, or delete ${file} if process ${owner} is not a bot.`,
      );
    }
    try {
      unlinkSync(file);
    } catch {
      // Someone else removed it first; try again.
    }
  }
  throw new Error(`could not take the lock ${file}`);
}
