// The Dockerfile read as data: what an operator relies on (non-root, a HEALTHCHECK through node, the port, the data
// volume, no secrets) and only steps that test/container-recipe.test.ts knows how to perform, so the two stay in step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import {
  dockerIgnore,
  envOf,
  execForm,
  instructions,
  KNOWN_STEPS,
  ROOT,
  readDockerfile,
} from './support/docker-recipe';

const file = readDockerfile();
const runtime = file.stages.at(-1)!;
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  engines: { node: string };
};

test('two stages on the Node of .nvmrc: a build stage with dev dependencies, a runtime stage without', () => {
  expect(file.stages.map((stage) => stage.name)).toEqual(['build', undefined]);
  expect(file.args['NODE_VERSION']).toBe(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim());
  for (const stage of file.stages) expect(stage.image).toMatch(/^node:\$\{NODE_VERSION\}-[a-z]+-slim$/);
  expect(instructions(file.stages[0]!, 'RUN')).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
  expect(instructions(runtime, 'RUN')[0]).toMatch(/^npm ci --omit=dev /);
  expect(instructions(runtime, 'COPY')).toContain('--from=build /app/dist ./dist');
});

test('every RUN step is one the container recipe test performs', () => {
  const steps = file.stages.flatMap((stage) => instructions(stage, 'RUN').flatMap((line) => line.split('&&')));
  const unknown = steps.map((s) => s.trim()).filter((s) => !KNOWN_STEPS.some((known) => known.command.test(s)));
  expect(unknown).toEqual([]);
});

test('the runtime runs as a non-root user, serves the default port and keeps DATA_DIR on a volume', () => {
  const user = instructions(runtime, 'USER');
  expect(user).toEqual(['node']);
  const env = envOf(runtime);
  // The bot's own default port, exposed and set.
  const port = String(loadConfig({}).port);
  expect(env['PORT']).toBe(port);
  expect(instructions(runtime, 'EXPOSE')).toEqual([port]);
  expect(instructions(runtime, 'VOLUME')).toEqual([env['DATA_DIR']]);
  // The data folder belongs to that user before the volume is declared (a new volume takes the folder's owner).
  expect(instructions(runtime, 'RUN').join(' ')).toContain(`chown node:node ${env['DATA_DIR']}`);
});

test('CMD runs the compiled bot with node (PID 1 receives SIGTERM) and the HEALTHCHECK is the bin through node', () => {
  expect(execForm(instructions(runtime, 'CMD')[0] ?? '')).toEqual(['node', 'dist/main.js']);
  const healthcheck = instructions(runtime, 'HEALTHCHECK')[0] ?? '';
  expect(execForm(healthcheck)).toEqual(['node', packageJson.bin['backup-center'], 'health']);
  expect(healthcheck).toMatch(/--start-period=\d+s/);
});

test('no secret is baked in: ENV holds only non-secret defaults', () => {
  const names = file.stages.flatMap((stage) => Object.keys(envOf(stage)));
  expect(names.filter((name) => /SECRET|PASSWORD|TOKEN|KEY|DATABASE_URL|CONNECTION/.test(name))).toEqual([]);
  expect(instructions(runtime, 'ARG')).toEqual([]);
});

test('.dockerignore keeps out the local state and what the build never reads, and keeps in what it does', () => {
  const ignored = dockerIgnore();
  for (const path of ['.env', 'node_modules/x', 'dist/main.js', '.data/pglite', '.git/HEAD', 'test/main.test.ts']) {
    expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
  }
  for (const path of [
    'src/main.ts',
    'scripts/build.ts',
    'cards/audit.teams.json',
    'tsconfig.build.json',
    '.env.sample',
  ]) {
    expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: false });
  }
});
