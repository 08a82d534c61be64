// Reads a big estate file written by saveEstateFile (one row per line) without one giant string: V8 caps strings
// at ~512 MB, and the large estate's file is ~2 GB. Any other layout of a file that big is refused clearly.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { EstateFileError, parseEstate } from './estate-file-parse';
import type { Estate, Row } from './types';

// Strings and small objects that repeat across a million rows: sharing them halves the loaded estate's heap.
const SHARED_KEYS = new Set([
  'type',
  'tenantId',
  'location',
  'resourceGroup',
  'subscriptionId',
  'kind',
  'status',
  'jobType',
  'operation',
  'operationCategory',
  'backupManagementType',
  'entityFriendlyName',
  'storageAccountName',
  'storageAccountVersion',
  'containerName',
  'virtualMachineVersion',
  'workloadType',
  'dataSourceId',
  'backupInstanceId',
  'dataSourceLocation',
  'dataSourceName',
  'dataSourceSetName',
  'dataSourceType',
  'backupInstanceFriendlyName',
  'policyId',
  'policyName',
  'sourceResourceGroup',
  'sourceSubscriptionID',
  'vaultName',
]);
const SHARED_OBJECTS = new Set(['errorDetails', 'extendedInfo', 'tags', 'sku', 'policyInfo']);

function compact(obj: Record<string, unknown>, strings: Map<string, string>, objects: Map<string, unknown>): void {
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value === 'string' && SHARED_KEYS.has(key)) {
      const hit = strings.get(value);
      if (hit === undefined) strings.set(value, value);
      else obj[key] = hit;
    } else if (value !== null && typeof value === 'object' && SHARED_OBJECTS.has(key)) {
      const text = JSON.stringify(value);
      const hit = objects.get(text);
      if (hit === undefined) objects.set(text, value);
      else obj[key] = hit;
    }
  }
}

const TABLE_START = /^"([A-Za-z]+)":\[(\]?)$/;

/** Parses the saveEstateFile layout line by line; rows are validated like any estate file. */
export function loadEstateLines(path: string): Estate {
  const fd = openSync(path, 'r');
  const tables: Record<string, Row[]> = {};
  let current: Row[] | undefined;
  let lineNo = 0;
  const strings = new Map<string, string>();
  const objects = new Map<string, unknown>();
  const fail = (msg: string): never => {
    throw new EstateFileError(
      `Estate file ${path}: ${msg} (line ${lineNo}); files this large must keep saveEstateFile's one-row-per-line layout`,
      path,
    );
  };
  const onLine = (raw: string): void => {
    lineNo++;
    const line = raw.trim().replace(/,$/, '');
    if (line === '' || (lineNo === 1 && line === '{"tables":{') || line === '}}') return;
    const start = TABLE_START.exec(line);
    if (start) {
      const rows: Row[] = [];
      tables[start[1] as string] = rows;
      current = start[2] === ']' ? undefined : rows;
      return;
    }
    if (line === ']' || line === '[]') {
      current = undefined;
      return;
    }
    if (!current || !line.startsWith('{')) {
      fail('unexpected content');
      return;
    }
    let row: Row = {};
    try {
      row = JSON.parse(line) as Row;
    } catch (err) {
      fail(`a row is not valid JSON: ${(err as Error).message}`);
    }
    compact(row, strings, objects);
    if (row.properties !== null && typeof row.properties === 'object') compact(row.properties as Row, strings, objects);
    current.push(row);
  };
  try {
    const buf = Buffer.alloc(16 << 20);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + decoder.write(buf.subarray(0, n));
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    }
    onLine(rest + decoder.end());
  } finally {
    closeSync(fd);
  }
  return parseEstate({ tables }, path);
}
