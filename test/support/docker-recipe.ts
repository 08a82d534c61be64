// The Dockerfile as data (stages and their instructions), .dockerignore as a matcher, and the RUN steps the container
// recipe test knows how to perform on this machine; a step it does not know fails the Dockerfile test.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  args: Record<string, string>;
  stages: Stage[];
}

export function readDockerfile(): Dockerfile {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const file: Dockerfile = { args: {}, stages: [] };
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [image = '', , name] = args.split(/\s+/);
      file.stages.push({ image, ...(name ? { name } : {}), instructions: [] });
    } else if (upper === 'ARG' && file.stages.length === 0) {
      const [key = '', value = ''] = args.split('=');
      file.args[key] = value;
    } else {
      file.stages.at(-1)?.instructions.push({ keyword: upper, args });
    }
  }
  return file;
}

export function instructions(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** `ENV A=1 B=2` lines of a stage, merged. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of instructions(stage, 'ENV')) {
    for (const pair of line.split(/\s+/)) {
      const [key = '', ...value] = pair.split('=');
      env[key] = value.join('=');
    }
  }
  return env;
}

/** The exec form (`["node", "dist/main.js"]`) of CMD or of `HEALTHCHECK … CMD`. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}

/** .dockerignore's patterns: `*` within one path segment; a matching folder excludes what it holds. No `!`, no `**`. */
export function dockerIgnore(): (path: string) => boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const pattern of patterns) {
    if (pattern.startsWith('!') || pattern.includes('**')) {
      throw new Error(`.dockerignore pattern ${pattern}: the recipe test does not read this syntax; teach it`);
    }
  }
  const regexes = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/^\/+|\/+$/g, '')
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')}(/|$)`,
      ),
  );
  return (path) => regexes.some((re) => re.test(path));
}

/** The build context: the repository's files (git ls-files, as a clean clone has them) minus .dockerignore. */
export function copyBuildContext(to: string): number {
  const ignored = dockerIgnore();
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && !ignored(file));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(ROOT, file), join(to, file));
  }
  return files.length;
}

export interface StepContext {
  /** The stage's WORKDIR on this machine. */
  cwd: string;
  /** The stage's file system root on this machine (absolute paths in a step are under it). */
  root: string;
  env: NodeJS.ProcessEnv;
}

const MINUTES = 60_000;

function npm(args: string[], context: StepContext, timeout: number): void {
  execFileSync('npm', args, { cwd: context.cwd, env: context.env, stdio: ['ignore', 'ignore', 'pipe'], timeout });
}

/**
 * Each RUN command (split at `&&`) that the Dockerfile may use, and how it is performed here. The full `npm ci` of the
 * build stage is the one the repository already ran on the same package-lock.json: its node_modules is linked in.
 */
export const KNOWN_STEPS: ReadonlyArray<{ command: RegExp; perform: (context: StepContext, words: string[]) => void }> =
  [
    {
      command: /^npm ci --no-audit --no-fund$/,
      perform: (context) => symlinkSync(join(ROOT, 'node_modules'), join(context.cwd, 'node_modules'), 'dir'),
    },
    {
      // The machine's npm cache first; the registry for what it lacks.
      command: /^npm ci --omit=dev --no-audit --no-fund$/,
      perform: (context, words) => npm([...words.slice(1), '--prefer-offline'], context, 5 * MINUTES),
    },
    { command: /^npm run build$/, perform: (context) => npm(['run', 'build'], context, 5 * MINUTES) },
    // Only makes the image smaller; here it would empty the machine's shared npm cache.
    { command: /^npm cache clean --force$/, perform: () => {} },
    {
      command: /^mkdir -p \/\S+$/,
      perform: (context, words) => mkdirSync(join(context.root, words[2] ?? ''), { recursive: true }),
    },
    {
      // An absolute link inside the image: both ends under the stage's root.
      command: /^ln -s \/\S+ \/\S+$/,
      perform: (context, [, , target = '', link = '']) => {
        mkdirSync(dirname(join(context.root, link)), { recursive: true });
        symlinkSync(join(context.root, target), join(context.root, link));
      },
    },
    // There is no `node` user on this machine; the test runs as whoever runs Jest.
    { command: /^chown node:node \/\S+$/, perform: () => {} },
  ];

export function performRun(line: string, context: StepContext): void {
  for (const command of line.split('&&').map((part) => part.trim())) {
    const step = KNOWN_STEPS.find((known) => known.command.test(command));
    if (step === undefined) throw new Error(`the container recipe test does not know the step "${command}"; teach it`);
    step.perform(context, command.split(/\s+/));
  }
}

/** `COPY [--from=stage] <source…> <dest>`: from the build context or an earlier stage's root, into the WORKDIR. */
export function performCopy(args: string, from: (stage: string | undefined) => string, context: StepContext): void {
  const words = args.split(/\s+/);
  const stage = words[0]?.startsWith('--from=') ? words.shift()?.slice('--from='.length) : undefined;
  const dest = words.pop() ?? '.';
  const base = from(stage);
  const target = dest.startsWith('/') ? join(context.root, dest) : join(context.cwd, dest);
  for (const source of words) {
    // An absolute source is in the earlier stage's root, a relative one in the context: both under `base`.
    const path = join(base, source);
    const into = dest.endsWith('/') || words.length > 1 || (dest === '.' && statSync(path).isFile());
    cpSync(path, into ? join(target, source.split('/').pop() ?? '') : target, { recursive: true });
  }
}
