// The README's screenshots are taken by the tests that render the current cards: each is written to test-output/,
// and with UPDATE_SCREENSHOTS=1 also to docs/, which the README shows. Without it the test checks that the README
// still shows that image and that the stored copy has the shape a fresh one has (same width, a PNG).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readPngSize } from '../../scripts/package-teams';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Call after the screenshot `shot` (a PNG under test-output/) was written. `name` is its file name in docs/. Returns
 * the problems found (empty when all is well), so the caller's expect shows them.
 */
export function publishReadmeScreenshot(shot: string, name: string): string[] {
  const published = path.join(ROOT, 'docs', name);
  if (process.env['UPDATE_SCREENSHOTS'] === '1') {
    mkdirSync(path.dirname(published), { recursive: true });
    copyFileSync(shot, published);
  }
  const problems: string[] = [];
  if (!readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes(`](docs/${name})`)) {
    problems.push(`README.md does not show docs/${name}`);
  }
  if (!existsSync(published)) return [...problems, `docs/${name} is missing: run this test with UPDATE_SCREENSHOTS=1`];
  const fresh = readPngSize(readFileSync(shot));
  const stored = readPngSize(readFileSync(published));
  if (fresh.width !== stored.width) {
    problems.push(
      `docs/${name} is ${stored.width} px wide, a fresh one ${fresh.width} px: run this test with UPDATE_SCREENSHOTS=1`,
    );
  }
  return problems;
}
