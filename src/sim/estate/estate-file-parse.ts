// Validation of a parsed estate document ({"tables": {...}}), shared by the whole-file and line-by-line loaders.
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
    return fail(
      `"tables" must be an object of table name → rows, got ${tablesIn === undefined ? 'nothing' : kindOf(tablesIn)}`,
    );
  }
  const tables = {
    Resources: [],
    RecoveryServicesResources: [],
    ResourceContainers: [],
    AlertsManagementResources: [],
    PolicyResources: [],
  } as Record<TableName, Row[]>;
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
      if (row === null || typeof row !== 'object' || Array.isArray(row))
        return fail(`${given}[${i}] is ${kindOf(row)}, not a row object`);
      for (const key of ['id', 'type'] as const) {
        const v = (row as Row)[key];
        if (typeof v !== 'string' || v === '')
          return fail(`${given}[${i}] has no "${key}" (every row needs a string "id" and "type")`);
      }
    }
    tables[name] = rows as Row[];
  }
  return { tables };
}
