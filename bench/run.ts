// `npm run bench [-- <section...>] [--list] [--strict] [--cpu-prof]`: runs each bench section in a fresh Node process
// (so peak memory is per section and no heap carries over), prints figures beside their targets, writes JSON results.
// Exit code: 0 even when a target is missed (MISS is shown); 1 with --strict on any MISS, and always when a section
// crashes or times out (then there are no figures to trust); 2 for a usage error.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { judge, type SectionMessage } from './lib/figures';
import { formatSection, formatSummary, type SectionResult } from './lib/table';
import { SECTIONS, type SectionSpec } from './registry';

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, 'test-output', 'bench');
const USAGE = `usage: npm run bench -- [section...] [--list] [--strict] [--cpu-prof]
  (no section)  run every section, one after another
  --list        list the sections and exit
  --strict      exit 1 when any figure misses its target (default: exit 0, MISS shown)
  --quick       shorter runs where a section offers them (slack: a 10 s load instead of 60 s)
  --cpu-prof    write V8 CPU profiles to test-output/bench/profiles/<section>/ (the largest
                is the section's main thread; open it in Chrome DevTools)`;

interface Cli {
  sections: SectionSpec[];
  list: boolean;
  strict: boolean;
  cpuProf: boolean;
  quick: boolean;
}

function parseArgs(argv: string[]): Cli {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  for (const f of flags) {
    if (!['--list', '--strict', '--cpu-prof', '--quick', '--help'].includes(f)) throw new Error(`unknown option ${f}`);
  }
  if (flags.has('--help')) throw new Error('');
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')} (try --list)`);
  return {
    sections: names.length === 0 ? [...SECTIONS] : SECTIONS.filter((s) => names.includes(s.name)),
    list: flags.has('--list'),
    strict: flags.has('--strict'),
    cpuProf: flags.has('--cpu-prof'),
    quick: flags.has('--quick'),
  };
}

/** `--import tsx` keeps the section in this one process (tsx's CLI would relaunch Node and hide the real child). */
function nodeArgs(spec: SectionSpec, cpuProf: boolean, quick: boolean): string[] {
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  // One folder per section and Node's own file names: tsx's loader thread writes a profile too (the small one).
  const prof = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(OUT_DIR, 'profiles', spec.name)}`] : [];
  return [
    '--expose-gc',
    `--max-old-space-size=${spec.maxOldSpaceMb}`,
    ...prof,
    '--import',
    tsxLoader,
    join(ROOT, 'bench', 'sections', `${spec.name}.ts`),
    // Sections read it from their argv; it also works on a section run alone.
    ...(quick ? ['--quick'] : []),
  ];
}

function runOne(spec: SectionSpec, cpuProf: boolean, quick: boolean): Promise<SectionResult> {
  const result: SectionResult = {
    name: spec.name,
    description: spec.description,
    status: 'ok',
    exitCode: null,
    signal: null,
    wallMs: 0,
    figures: [],
    notes: [],
  };
  const started = Date.now();
  console.log(`\n-- ${spec.name}: ${spec.description}`);
  return new Promise((done) => {
    const child: ChildProcess = spawn(process.execPath, nodeArgs(spec, cpuProf, quick), {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, spec.timeoutMs);
    child.on('message', (m: SectionMessage) => {
      if (m.kind === 'figure') result.figures.push(judge(m.figure));
      else if (m.kind === 'note') result.notes.push(m.text);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      result.wallMs = Date.now() - started;
      result.exitCode = code;
      result.signal = signal;
      result.status = timedOut ? 'timeout' : code === 0 ? 'ok' : 'failed';
      if (timedOut) result.notes.push(`killed after its ${spec.timeoutMs / 1000} s limit`);
      done(result);
    });
  });
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  let cli: Cli;
  try {
    cli = parseArgs(argv);
  } catch (e) {
    const message = (e as Error).message;
    console.error(message ? `${message}\n\n${USAGE}` : USAGE);
    return message ? 2 : 0;
  }
  if (cli.list) {
    for (const s of SECTIONS) console.log(`${s.name.padEnd(16)} ${s.description}`);
    return 0;
  }
  const startedAt = new Date().toISOString();
  const results: SectionResult[] = [];
  // One at a time: sections measure time and memory, and would distort each other in parallel.
  for (const spec of cli.sections) results.push(await runOne(spec, cli.cpuProf, cli.quick));
  console.log(`\n${results.map(formatSection).join('\n\n')}\n\n${formatSummary(results)}`);
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, 'latest.json');
  const machine = { cpus: cpus().length, totalMemMb: Math.round(totalmem() / 2 ** 20), loadavg: loadavg() };
  const json = { startedAt, node: process.version, commit: gitCommit(), machine, sections: results };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`results: ${file}${cli.cpuProf ? `; CPU profiles: ${join(OUT_DIR, 'profiles')}` : ''}`);
  const broken = results.some((r) => r.status !== 'ok');
  const missed = results.some((r) => r.figures.some((f) => f.verdict === 'MISS'));
  return broken || (cli.strict && missed) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
