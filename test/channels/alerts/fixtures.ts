// Sample alerts written from the documented common alert schema and the published Azure Backup payload shape.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// biome-ignore lint/suspicious/noExplicitAny: tests edit fixtures freely to build variants.
export type Json = Record<string, any>;

/** A fresh copy of fixtures/<name>.json (callers mutate it). */
export function fixture(name: string): Json {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Json;
}
