// Loading and saving an estate as JSON: {"tables": {"Resources": [...], "RecoveryServicesResources": [...], ...}}
// with rows exactly as ARG returns them. Missing tables are empty; every problem names the file and the place.
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadEstateLines } from './estate-file-lines';
import { EstateFileError, parseEstate } from './estate-file-parse';
import { findJsonProblem } from './json-position';
import { type Estate, TABLE_NAMES } from './types';

export { EstateFileError, parseEstate };

/** Above this size a file is read line by line (V8 strings stop at ~512 MB). */
const WHOLE_FILE_LIMIT = 256 << 20;

/** The file's text, or undefined when it is too big to be one string. */
function readText(path: string): string | undefined {
  try {
    if (statSync(path).size > WHOLE_FILE_LIMIT) return undefined;
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EstateFileError(`Estate file not found: ${path}`, path);
    if (code === 'EISDIR') throw new EstateFileError(`Estate file ${path} is a directory, not a JSON file`, path);
    throw new EstateFileError(`Cannot read estate file ${path}: ${(err as Error).message}`, path);
  }
}

/** Reads an estate file: clear errors for a missing file, bad JSON (with line and column), or a malformed estate. */
export function loadEstateFile(path: string): Estate {
  const text = readText(path);
  if (text === undefined) return loadEstateLines(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const problem = findJsonProblem(text);
    const where = problem
      ? `at line ${problem.line}, column ${problem.column}: ${problem.reason}`
      : (err as Error).message;
    throw new EstateFileError(`Estate file ${path} is not valid JSON ${where}`, path);
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
