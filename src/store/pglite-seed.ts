// Where a PGlite seed (a migrated cluster, see pglite-store) is found: beside the compiled module (`npm run build`
// copies it there) or in the cache the build and the tests fill, keyed by PGlite version and migrations; and its making.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyMigrations, loadMigrations, type Migration } from './migrate';
import { createPgliteSeed } from './pglite-store';

/** Where `npm run build` puts the seed, beside the compiled module (dist/store/). */
export const PGLITE_SEED = path.join(__dirname, 'pglite-seed.tar.gz');

// src/store and dist/store are both two levels below the repository.
const ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'backup-center-bot');

/** The PGlite this code runs with; its package.json is not among the package's exports, so it is read by path. */
function pgliteVersion(): string | undefined {
  try {
    const manifest = path.join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * The cache file for this PGlite version and exactly these migrations: a seed made by another version or before a
 * migration changed has another name and is never picked up. Undefined when PGlite's version cannot be read.
 */
export function cachedSeedPath(migrations: Migration[] = loadMigrations(), cacheDir = CACHE_DIR): string | undefined {
  const version = pgliteVersion();
  if (version === undefined) return undefined;
  const digest = createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 12);
  return path.join(cacheDir, `pglite-seed-${version}-${digest}.tar.gz`);
}

/**
 * The seed a store opening an empty folder loads: the build's copy beside the module first (the compiled bot), else
 * the cache's (the bot from src/: `npm run dev`, the tests' child processes); undefined = PGlite runs initdb.
 */
export function findPgliteSeed(cacheDir = CACHE_DIR): string | undefined {
  if (existsSync(PGLITE_SEED)) return PGLITE_SEED;
  const cached = cachedSeedPath(loadMigrations(), cacheDir);
  return cached !== undefined && existsSync(cached) ? cached : undefined;
}

/**
 * The cached seed, made first when missing: an initdb (~10 s of CPU) once per PGlite version and set of migrations,
 * for `npm run build` and the tests' global setup. Written under a temporary name and renamed, so a reader never
 * finds half a file.
 */
export async function cachedPgliteSeed(cacheDir = CACHE_DIR): Promise<string> {
  const migrations = loadMigrations();
  const cached = cachedSeedPath(migrations, cacheDir);
  if (cached === undefined) throw new Error('cannot read the version of @electric-sql/pglite in node_modules');
  if (!existsSync(cached)) {
    mkdirSync(path.dirname(cached), { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    writeFileSync(temporary, await createPgliteSeed((client) => applyMigrations(client, migrations)));
    renameSync(temporary, cached);
  }
  return cached;
}
