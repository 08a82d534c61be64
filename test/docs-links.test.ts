// The repository stands alone: every link in its Markdown and every docs/… file a comment cites is a file in it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SKIP = new Set(['node_modules', '.git', 'dist', 'test-output', '.data', 'golden']);

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, keep);
    return keep(name) ? [path] : [];
  });
}

const markdown = filesUnder(ROOT, (name) => name.endsWith('.md'));
const sources = ['src', 'test', 'bench', 'scripts'].flatMap((dir) =>
  filesUnder(join(ROOT, dir), (name) => /\.(ts|kql|sql)$/.test(name)),
);

test('Markdown links to files point at files of this repository', () => {
  expect(markdown.map((file) => relative(ROOT, file))).toEqual(
    expect.arrayContaining(['README.md', 'ARCHITECTURE.md', 'docs/azure-facts.md', 'docs/design.md']),
  );
  const broken: string[] = [];
  for (const file of markdown) {
    // Code spans and blocks show Markdown; they link nothing.
    const text = readFileSync(file, 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)|^\[[^\]]+\]: (\S+)$/gm)) {
      const link = target ?? '';
      if (/^(https?:|mailto:|#)/.test(link) || link === '') continue;
      const path = resolve(dirname(file), decodeURIComponent(link.split('#')[0] ?? ''));
      if (!path.startsWith(`${ROOT}/`) || !existsSync(path)) broken.push(`${relative(ROOT, file)} → ${link}`);
    }
  }
  expect(broken).toEqual([]);
});

test('nothing points outside the repository for its facts (no ../shared, no "reference §")', () => {
  const pattern = /\.\.\/shared|shared\/reference|reference §/;
  const outside = [...markdown, ...sources.filter((file) => file !== __filename)].flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return pattern.test(text) ? [relative(ROOT, file)] : [];
  });
  expect(outside).toEqual([]);
});

test('every docs/… file a comment cites exists, and every cited § heading is in it', () => {
  const missing: string[] = [];
  for (const file of sources) {
    const text = readFileSync(file, 'utf8').replace(/\n\s*(\/\/|\*) /g, ' ');
    for (const [, doc, sections] of text.matchAll(/(docs\/[a-z-]+\.md)((?:,? §\d+(?:\.\d+)?(?: and| ,)?)*)/g)) {
      const path = join(ROOT, doc ?? '');
      if (!existsSync(path)) {
        missing.push(`${relative(ROOT, file)} → ${doc}`);
        continue;
      }
      const headings = readFileSync(path, 'utf8');
      for (const [, number] of (sections ?? '').matchAll(/§(\d+(?:\.\d+)?)/g)) {
        if (!new RegExp(`^#+ ${number?.replace('.', '\\.')}\\.? `, 'm').test(headings)) {
          missing.push(`${relative(ROOT, file)} → ${doc} §${number}`);
        }
      }
    }
  }
  expect(missing).toEqual([]);
});
