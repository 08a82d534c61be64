// expectGolden: a missing golden file fails unless UPDATE_GOLDEN=1, a different value fails, an equal one passes.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expectGolden, formatGolden, GOLDEN_DIR } from '../support/golden';

const NAME = 'render/_golden-helper-selftest';
const FILE = path.join(GOLDEN_DIR, `${NAME}.json`);
const saved = process.env.UPDATE_GOLDEN;

afterEach(() => {
  rmSync(FILE, { force: true });
  if (saved === undefined) delete process.env.UPDATE_GOLDEN;
  else process.env.UPDATE_GOLDEN = saved;
});

test('a missing golden file fails and says how to create it', () => {
  delete process.env.UPDATE_GOLDEN;
  expect(() => expectGolden(NAME, { a: 1 })).toThrow(/does not exist.*UPDATE_GOLDEN=1/);
  expect(existsSync(FILE)).toBe(false);
});

test('UPDATE_GOLDEN=1 writes pretty JSON; afterwards an equal value passes and a different one fails', () => {
  process.env.UPDATE_GOLDEN = '1';
  expectGolden(NAME, { a: 1, list: ['x'] });
  expect(readFileSync(FILE, 'utf8')).toBe('{\n  "a": 1,\n  "list": [\n    "x"\n  ]\n}\n');
  delete process.env.UPDATE_GOLDEN;
  expectGolden(NAME, { a: 1, list: ['x'] });
  expect(() => expectGolden(NAME, { a: 2, list: ['x'] })).toThrow();
  expect(formatGolden({ a: 2 })).toBe('{\n  "a": 2\n}\n');
});

test('names that would escape test/golden are refused', () => {
  expect(() => expectGolden('../outside', 1)).toThrow(/must be a relative path/);
  expect(() => expectGolden('/abs', 1)).toThrow(/must be a relative path/);
});
