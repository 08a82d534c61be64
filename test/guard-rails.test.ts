// Architecture rules checked on the source tree: core stays SDK-free, only config reads the environment, files stay small.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SOURCE = /\.(ts|tsx|js|mjs|cjs|kql)$/;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

function sources(under: string): Array<{ file: string; text: string }> {
  return listFiles(join(ROOT, under)).map((path) => ({
    file: relative(ROOT, path).split('\\').join('/'),
    text: readFileSync(path, 'utf8'),
  }));
}

// import … from 'x', import 'x', export … from 'x', import('x'), require('x'), import x = require('x').
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"`]([^'"`]+)['"`]/g;
const FORBIDDEN_IN_CORE = [
  /^botbuilder(-[\w-]+)?(\/|$)/,
  /^botframework-[\w-]+(\/|$)/,
  /^@slack\//,
  /^@azure\//,
  /^restify(\/|$)/,
  /^pg(\/|$)/,
  /^@electric-sql\//,
  /^prom-client(\/|$)/,
];

function forbiddenImports(text: string): string[] {
  const specifiers = [...text.matchAll(SPECIFIER)].map((match) => match[1] ?? '');
  return specifiers.filter((specifier) => FORBIDDEN_IN_CORE.some((rule) => rule.test(specifier)));
}

const ENV_ACCESS = /\bprocess\s*(\.\s*env\b|\[\s*['"]env['"]\s*\])|\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/;

describe('the checks themselves catch violations', () => {
  test('import scanner', () => {
    const sample = [
      "import { CloudAdapter } from 'botbuilder';",
      "import type { App } from '@slack/bolt';",
      "export { x } from '@azure/identity';",
      "const pg = require('pg');",
      "const r = await import('restify');",
      "import '@electric-sql/pglite';",
      "import { y } from './pg';",
      "import { z } from 'pgsql-ast';",
    ].join('\n');
    expect(forbiddenImports(sample)).toEqual([
      'botbuilder',
      '@slack/bolt',
      '@azure/identity',
      'pg',
      'restify',
      '@electric-sql/pglite',
    ]);
  });

  test('environment access patterns', () => {
    for (const text of ['process.env.PORT', "process['env']", 'const { env } = process;', 'process .env']) {
      expect(ENV_ACCESS.test(text)).toBe(true);
    }
    expect(ENV_ACCESS.test('process.exit(1); environment')).toBe(false);
  });
});

test('src/core imports no platform SDK, Azure SDK, web server, database driver or metrics library', () => {
  const core = sources('src/core');
  expect(core.length).toBeGreaterThan(0);
  const violations = core.flatMap(({ file, text }) => forbiddenImports(text).map((name) => `${file} imports ${name}`));
  expect(violations).toEqual([]);
});

/** Where a specifier points, from the file that imports it (relative specifiers only). */
function resolvesTo(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return relative(ROOT, resolve(ROOT, file, '..', specifier))
    .split('\\')
    .join('/');
}

// The composition roots: the bot (main.ts and its compose-* parts) and the CLI may wire the stand-in in demo mode.
const COMPOSITION_ROOT = /^src\/(main\.ts|compose-[\w-]+\.ts|cli\/)/;

test('only the composition roots import the Azure stand-in (src/sim); no production module does', () => {
  const violations = sources('src')
    .filter(({ file }) => !file.startsWith('src/sim/') && !COMPOSITION_ROOT.test(file))
    .flatMap(({ file, text }) =>
      [...text.matchAll(SPECIFIER)]
        .map((m) => m[1] ?? '')
        .filter((specifier) => resolvesTo(file, specifier)?.startsWith('src/sim'))
        .map((specifier) => `${file} imports ${specifier}`),
    );
  expect(violations).toEqual([]);
  // The check sees a violation when there is one.
  expect(resolvesTo('src/azure/x.ts', '../sim/estate')).toBe('src/sim/estate');
});

test('core owns its view models: no core module imports src/render', () => {
  const violations = sources('src/core').flatMap(({ file, text }) =>
    [...text.matchAll(SPECIFIER)]
      .map((m) => m[1] ?? '')
      .filter((specifier) => resolvesTo(file, specifier)?.startsWith('src/render'))
      .map((specifier) => `${file} imports ${specifier}`),
  );
  expect(violations).toEqual([]);
  expect(resolvesTo('src/core/views/jobs.ts', '../../render/limits')).toBe('src/render/limits');
});

test('only src/config.ts reads process.env', () => {
  const readers = sources('src')
    .filter(({ text }) => ENV_ACCESS.test(text))
    .map(({ file }) => file);
  expect(readers).toEqual(['src/config.ts']);
});

test('no source file under src/ is longer than 400 lines', () => {
  const long = sources('src')
    .map(({ file, text }) => ({ file, lines: text.replace(/\n$/, '').split('\n').length }))
    .filter(({ lines }) => lines > 400)
    .map(({ file, lines }) => `${file}: ${lines} lines`);
  expect(long).toEqual([]);
});
