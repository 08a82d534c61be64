// `npm run build`: compiles src/ to plain CommonJS in dist/ (tsc, tsconfig.build.json) and copies beside it the files
// the code reads at run time (.kql, migrations, the playground's page); `--if-stale` (npm start) skips a fresh build.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cachedPgliteSeed, PGLITE_SEED } from '../src/store/pglite-seed';

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
/** Written last, so a build that failed half-way is never taken for a fresh one. */
const STAMP = path.join(DIST, '.build-stamp');
/** Files outside src/ that change what tsc emits. */
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => path.join(ROOT, f));
const MIN_NODE_MAJOR = 22;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A build is stale when any source or input changed after its stamp (or there is none). */
function isStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return [...filesUnder(SRC), ...INPUTS].some((file) => statSync(file).mtimeMs > built);
}

/** Everything under src/ that is not TypeScript is read at run time by path (beside its module): copy it as is. */
function copyAssets(): number {
  const assets = filesUnder(SRC).filter((file) => !file.endsWith('.ts'));
  for (const file of assets) cpSync(file, path.join(DIST, path.relative(SRC, file)));
  return assets.length;
}

async function build(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (compiled.status !== 0) throw new Error(`tsc failed (exit ${compiled.status ?? compiled.signal})`);
  const copied = copyAssets();
  // The package's command (package.json `bin`) runs as `./dist/bin.js` too, not only through npm's links.
  chmodSync(path.join(DIST, 'bin.js'), 0o755);
  // Made once per PGlite version and set of migrations (an initdb, ~10 s of CPU), then reused by later builds.
  cpSync(await cachedPgliteSeed(), path.join(DIST, path.relative(SRC, PGLITE_SEED)));
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  process.stderr.write(
    `build: dist/ compiled from src/ (${copied} run-time files and the PGlite seed copied beside the code)\n`,
  );
}

async function main(argv: string[]): Promise<number> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    process.stderr.write(
      `backup-center-bot needs Node ${MIN_NODE_MAJOR} or later; this is Node ${process.versions.node}. ` +
        'See "Node version" in README.md for a supported one without leaving the npm registry.\n',
    );
    return 1;
  }
  if (argv.includes('--if-stale') && !isStale()) return 0;
  try {
    await build();
    return 0;
  } catch (err) {
    process.stderr.write(`build: ${(err as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
