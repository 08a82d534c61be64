// Loading and saving an estate as JSON: {"tables": {"Resources": [...], "RecoveryServicesResources": [...], ...}}
// with rows exactly as ARG returns them. Missing tables are empty; every problem names the file and the place.
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { type Estate, type Row, TABLE_NAMES, type TableName } from './types';

export class EstateFileError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'EstateFileError';
  }
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return `line ${line}, column ${col}`;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EstateFileError(`Estate file not found: ${path}`, path);
    if (code === 'EISDIR') throw new EstateFileError(`Estate file ${path} is a directory, not a JSON file`, path);
    throw new EstateFileError(`Cannot read estate file ${path}: ${(err as Error).message}`, path);
  }
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Validates a parsed estate document; `source` names it in errors (a path, or e.g. "request body"). */
export function parseEstate(doc: unknown, source: string): Estate {
  const fail = (msg: string): never => {
    throw new EstateFileError(`Estate file ${source}: ${msg}`, source);
  };
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail(`expected a JSON object {"tables": {...}}, got ${kindOf(doc)}`);
  }
  const tablesIn = (doc as Record<string, unknown>).tables;
  if (tablesIn === null || typeof tablesIn !== 'object' || Array.isArray(tablesIn)) {
    return fail(`"tables" must be an object of table name → rows, got ${tablesIn === undefined ? 'nothing' : kindOf(tablesIn)}`);
  }
  const tables = { Resources: [], RecoveryServicesResources: [], ResourceContainers: [], AlertsManagementResources: [] } as Record<
    TableName,
    Row[]
  >;
  const seen = new Set<TableName>();
  for (const [given, rows] of Object.entries(tablesIn as Record<string, unknown>)) {
    // KQL table names are case-insensitive, so `resources` is accepted for `Resources`.
    const name = TABLE_NAMES.find((t) => t.toLowerCase() === given.toLowerCase());
    if (!name) return fail(`unknown table "${given}" (known tables: ${TABLE_NAMES.join(', ')})`);
    if (seen.has(name)) return fail(`table "${name}" appears twice (as "${given}")`);
    seen.add(name);
    if (!Array.isArray(rows)) return fail(`table "${given}" must be an array of rows, got ${kindOf(rows)}`);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as unknown;
      if (row === null || typeof row !== 'object' || Array.isArray(row)) return fail(`${given}[${i}] is ${kindOf(row)}, not a row object`);
      for (const key of ['id', 'type'] as const) {
        const v = (row as Row)[key];
        if (typeof v !== 'string' || v === '') return fail(`${given}[${i}] has no "${key}" (every row needs a string "id" and "type")`);
      }
    }
    tables[name] = rows as Row[];
  }
  return { tables };
}

/** Reads an estate file: clear errors for a missing file, bad JSON (with line and column), or a malformed estate. */
export function loadEstateFile(path: string): Estate {
  const text = readText(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    throw new EstateFileError(`Estate file ${path} is not valid JSON: ${message} (${lineAndColumn(text, offset)})`, path);
  }
  return parseEstate(doc, path);
}

/**
 * Writes an estate as JSON, one row per line, streaming so that a million-row estate never becomes one giant
 * string (V8 caps strings at ~512 MB). Writes to `<path>.tmp` first and renames, so a crash leaves no half file.
 */
export function saveEstateFile(estate: Estate, path: string): void {
  const tmp = `${path}.tmp`;
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (err) {
    throw new EstateFileError(`Cannot write estate file ${path}: ${(err as Error).message}`, path);
  }
  let chunk: string[] = [];
  let size = 0;
  const write = (s: string): void => {
    chunk.push(s);
    size += s.length;
    if (size > 1 << 20) flush();
  };
  const flush = (): void => {
    if (chunk.length > 0) writeSync(fd, chunk.join(''));
    chunk = [];
    size = 0;
  };
  try {
    write('{"tables":{');
    TABLE_NAMES.forEach((name, t) => {
      write(`${t === 0 ? '' : ','}\n${JSON.stringify(name)}:[`);
      const rows = estate.tables[name] ?? [];
      for (let i = 0; i < rows.length; i++) write(`${i === 0 ? '' : ','}\n${JSON.stringify(rows[i])}`);
      write(rows.length > 0 ? '\n]' : ']');
    });
    write('\n}}\n');
    flush();
    closeSync(fd);
    renameSync(tmp, path);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw new EstateFileError(`Cannot write estate file ${path}: ${(err as Error).message}`, path);
  }
}
