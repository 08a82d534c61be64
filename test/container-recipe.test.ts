// The Dockerfile's recipe without a container engine: its stages on a clean build context, then the image's CMD on an
// empty DATA_DIR (probes, a playground chat, the HEALTHCHECK, the bin's clean JSON, SIGTERM → exit 0).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardOf } from './channels/teams/support';
import { openSse } from './playground/sse-client';
import {
  copyBuildContext,
  envOf,
  execForm,
  instructions,
  performCopy,
  performRun,
  readDockerfile,
  type StepContext,
} from './support/docker-recipe';
import { freePort, type MainProcess, spawnMain, waitFor200 } from './support/main-process';

// npm ci --omit=dev, tsc and a first start: about a minute on two idle cores, several on a busy machine.
jest.setTimeout(600_000);

const work = mkdtempSync(join(tmpdir(), 'bot-image-'));
const context = join(work, 'context');
/** The image's file system root: the last stage's. */
let image = '';
let workdir = '';
let env: Record<string, string> = {};
let cmd: string[] = [];
let healthcheck: string[] = [];

beforeAll(() => {
  const file = readDockerfile();
  copyBuildContext(context);
  const roots = new Map<string, string>();
  file.stages.forEach((stage, index) => {
    const root = join(work, `stage-${index}`);
    mkdirSync(root);
    if (stage.name) roots.set(stage.name, root);
    const step: StepContext = { cwd: root, root, env: { ...process.env } };
    for (const { keyword, args } of stage.instructions) {
      if (keyword === 'WORKDIR') {
        step.cwd = join(root, args);
        mkdirSync(step.cwd, { recursive: true });
      } else if (keyword === 'ENV') {
        Object.assign(step.env, envOf({ ...stage, instructions: [{ keyword, args }] }));
      } else if (keyword === 'COPY') {
        performCopy(args, (name) => (name === undefined ? context : (roots.get(name) ?? '')), step);
      } else if (keyword === 'RUN') {
        performRun(args, step);
      }
    }
    image = root;
    workdir = step.cwd;
  });
  const runtime = file.stages.at(-1)!;
  env = envOf(runtime);
  cmd = execForm(instructions(runtime, 'CMD')[0] ?? '[]');
  healthcheck = execForm(instructions(runtime, 'HEALTHCHECK')[0] ?? '[]');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(
  command: string[],
  settings: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  expect(command[0]).toBe('node');
  return new Promise((done) => {
    const options = {
      cwd: workdir,
      env: { PATH: process.env['PATH'] ?? '', HOME: workdir, ...settings },
      timeout: 120_000,
    };
    execFile(process.execPath, command.slice(1), options, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('the runtime stage holds the compiled bot and production dependencies only', () => {
  expect(existsSync(join(workdir, 'dist', 'main.js'))).toBe(true);
  expect(existsSync(join(workdir, 'dist', 'store', 'pglite-seed.tar.gz'))).toBe(true);
  expect(existsSync(join(workdir, 'node_modules', 'restify'))).toBe(true);
  for (const dev of ['tsx', 'typescript', 'jest', '@biomejs']) {
    expect(existsSync(join(workdir, 'node_modules', dev))).toBe(false);
  }
  // Nothing of the repository beyond what the Dockerfile copies.
  expect(existsSync(join(workdir, 'src'))).toBe(false);
  expect(existsSync(join(image, 'app', 'test'))).toBe(false);
});

test("the image's CMD starts the demo on an empty DATA_DIR: probes answer, HEALTHCHECK passes, SIGTERM drains", async () => {
  const port = await freePort();
  // The /data volume of a first start: an empty folder.
  const dataDir = join(work, 'data');
  const settings = { ...env, PORT: String(port), DATA_DIR: dataDir };
  let bot: MainProcess | undefined;
  try {
    bot = spawnMain(workdir, settings, { compiled: join(workdir, cmd[1] ?? '') });
    await waitFor200(bot, `http://127.0.0.1:${port}/readyz`, 300_000);
    const origin = `http://127.0.0.1:${port}`;
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    // The playground's page and a chat's welcome card: the files read at run time (public/, cards/) are in the image.
    expect((await fetch(`${origin}/playground/assets/playground.js`)).status).toBe(200);
    const chat = await fetch(`${origin}/playground/api/conversations`, { method: 'POST' });
    const { conversationId } = (await chat.json()) as { conversationId: string };
    const events = await openSse(`${origin}/playground/api/conversations/${conversationId}/events`);
    try {
      const welcome = await events.waitFor((e) => e.event === 'activity', 60_000);
      expect(cardOf(welcome.data).type).toBe('AdaptiveCard');
    } finally {
      events.close();
    }
    const health = await run(healthcheck, settings);
    expect(health).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.stdout()).toContain('"msg":"stopped"');
    expect(bot.stderr()).toBe('');
  } finally {
    bot?.child.kill('SIGKILL');
  }
  // Nothing listens any more: the HEALTHCHECK says so.
  expect((await run(healthcheck, settings)).code).toBe(1);
});

test("the image's bin prints the CLI's answer alone on stdout: JSON a script can parse", async () => {
  const out = await run(['node', 'dist/bin.js', 'cli', 'query', 'jobs', 'failed', '--json'], {
    ...env,
    DATA_DIR: work,
  });
  expect(out.code).toBe(0);
  const answer = JSON.parse(out.stdout) as { view: string };
  expect(answer.view).toBe('jobs');
  expect(out.stderr).toMatch(/^demo mode/);
});

test("the bin names its commands: --version is the package's, an unknown command exits 2 with the usage", async () => {
  const { version } = JSON.parse(readFileSync(join(workdir, 'package.json'), 'utf8')) as { version: string };
  expect(await run(['node', 'dist/bin.js', '--version'], env)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  const unknown = await run(['node', 'dist/bin.js', 'start'], env);
  expect(unknown.code).toBe(2);
  expect(unknown.stdout).toBe('');
  expect(unknown.stderr).toMatch(/^backup-center: unknown command start\nusage: backup-center <command>/);
  // On PATH in the image, run as a program (its #! line and mode bits), not through node.
  const onPath = await new Promise<string>((done, fail) =>
    execFile(join(image, 'usr', 'local', 'bin', 'backup-center'), ['--version'], (error, stdout) =>
      error ? fail(error) : done(stdout),
    ),
  );
  expect(onPath).toBe(`${version}\n`);
  const sim = await run(['node', 'dist/bin.js', 'sim', '--help'], env);
  expect(sim).toMatchObject({ code: 0, stderr: '' });
  expect(sim.stdout).toContain('--port');
});
