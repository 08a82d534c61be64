// Section startup: the compiled bot (`node dist/main.js`, as deployed) in demo mode, time from spawn to a 200 on
// /readyz with an empty DATA_DIR (first start) and again on the same folder (later start), the CPU each took, and RSS
// once idle; beside it the first start from src/ through tsx (which loads the build's cached seed as well, so it
// shows what compiling saves on top of the seed).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, type MainProcess, spawnMain, waitFor200 } from '../../test/support/main-process';
import { note, progress, report, runSection } from '../lib/report';
import { processRssMb } from '../lib/slack-load';

const ROOT = resolve(__dirname, '../..');
const COMPILED = join(ROOT, 'dist', 'main.js');
/** A start slower than this on a busy machine is reported, not waited for forever. */
const START_TIMEOUT_MS = 180_000;
/** How long the bot is left alone before its idle RSS is read (its start-up garbage is mostly collected by then). */
const IDLE_MS = 10_000;

/** User + system CPU of a process so far, in ms (Linux /proc; clock ticks are 100 a second). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After the command name: state is field 3, utime 14 and stime 15 (1-based, see proc(5)).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Start {
  readyMs: number;
  cpuMs: number;
  run: MainProcess;
}

async function start(dataDir: string, compiled: boolean): Promise<Start> {
  const port = await freePort();
  const run = spawnMain(
    dataDir,
    { DATA_DIR: join(dataDir, 'data'), PORT: String(port) },
    compiled ? { compiled: COMPILED } : {},
  );
  const readyMs = await waitFor200(run, `http://127.0.0.1:${port}/readyz`, START_TIMEOUT_MS);
  return { readyMs, cpuMs: cpuMs(run.child.pid ?? 0), run };
}

async function stop(run: MainProcess): Promise<void> {
  run.child.kill('SIGTERM');
  const code = await run.exited;
  if (code !== 0) throw new Error(`the bot exited ${code} on SIGTERM:\n${run.output()}`);
}

runSection(async () => {
  progress('npm run build (if src/ changed since the last one)');
  execFileSync(process.execPath, [require.resolve('tsx/cli'), join(ROOT, 'scripts', 'build.ts'), '--if-stale'], {
    stdio: 'inherit',
  });
  const folder = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  try {
    progress('first start, empty DATA_DIR');
    const first = await start(folder, true);
    report({ name: 'first start to /readyz', value: first.readyMs / 1000, unit: 's', target: 10, better: 'lower' });
    report({ name: 'first start CPU', value: first.cpuMs / 1000, unit: 's', better: 'lower' });
    await new Promise((wait) => setTimeout(wait, IDLE_MS));
    const idle = processRssMb(first.run.child.pid ?? 0);
    report({ name: 'RSS idle', value: idle.rss, unit: 'MB', target: 500, better: 'lower' });
    report({ name: 'RSS peak during start', value: idle.peak, unit: 'MB', better: 'lower' });
    await stop(first.run);

    progress('later start, same DATA_DIR');
    const later = await start(folder, true);
    report({ name: 'later start to /readyz', value: later.readyMs / 1000, unit: 's', target: 5, better: 'lower' });
    report({ name: 'later start CPU', value: later.cpuMs / 1000, unit: 's', better: 'lower' });
    await stop(later.run);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const before = mkdtempSync(join(tmpdir(), 'bench-startup-tsx-'));
  try {
    progress('first start from src/ through tsx, empty DATA_DIR (from the cached seed too)');
    const tsx = await start(before, false);
    report({ name: 'first start, tsx from src/', value: tsx.readyMs / 1000, unit: 's', better: 'lower' });
    report({ name: 'first start CPU, tsx from src/', value: tsx.cpuMs / 1000, unit: 's', better: 'lower' });
    await stop(tsx.run);
  } finally {
    rmSync(before, { recursive: true, force: true });
  }
  note(
    'demo mode (generated estate, PGlite in DATA_DIR); wall times grow with the machine load, CPU times much less. ' +
      'The compiled first start loads a migrated PGlite cluster built by `npm run build` instead of running initdb.',
  );
});
