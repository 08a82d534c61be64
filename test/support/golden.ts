// Golden files: compare a value's pretty JSON with test/golden/<name>.json. UPDATE_GOLDEN=1 (re)writes them;
// without it a missing golden file fails, so a new golden test cannot pass before someone has looked at its output.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const GOLDEN_DIR = path.resolve(__dirname, '../golden');

/** Pretty JSON as stored: 2-space indent, trailing newline (what biome's JSON formatter leaves alone). */
export function formatGolden(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Asserts that `value` equals the golden file `test/golden/<name>.json` (`name` may contain folders, e.g.
 * "render/help.teams"). With UPDATE_GOLDEN=1 the file is written instead and the assertion passes.
 */
export function expectGolden(name: string, value: unknown): void {
  if (!/^[a-z0-9][a-z0-9._/-]*$/i.test(name) || name.includes('..')) {
    throw new Error(`golden name "${name}" must be a relative path of letters, digits, ".", "_", "-" and "/"`);
  }
  const file = path.join(GOLDEN_DIR, `${name}.json`);
  const actual = formatGolden(value);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(
      `golden file ${path.relative(process.cwd(), file)} does not exist. Look at the output, then create it with ` +
        'UPDATE_GOLDEN=1 npx jest <this test file>.',
    );
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
