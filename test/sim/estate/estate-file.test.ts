// Estate files: save → load round trip, and a clear error (naming the file) for each way a file can be wrong.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EstateFileError, loadEstateFile, saveEstateFile } from '../../../src/sim/estate';
import { loadEstateLines } from '../../../src/sim/estate/estate-file-lines';
import { smallEstate } from './estate-helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'estate-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function loadError(path: string): EstateFileError {
  try {
    loadEstateFile(path);
  } catch (err) {
    expect(err).toBeInstanceOf(EstateFileError);
    return err as EstateFileError;
  }
  throw new Error('expected loadEstateFile to fail');
}

describe('estate files', () => {
  it('round-trips a generated estate, one row per line', () => {
    const estate = smallEstate();
    const path = join(dir, 'small.json');
    saveEstateFile(estate, path);
    expect(loadEstateFile(path)).toEqual(estate);
    const lines = readFileSync(path, 'utf8').split('\n').length;
    const rows = Object.values(estate.tables).reduce((n, t) => n + t.length, 0);
    expect(lines).toBeGreaterThan(rows);
  });

  it('reads the one-row-per-line layout without one big string (the path taken for files over 256 MB)', () => {
    const estate = smallEstate();
    const path = join(dir, 'lines.json');
    saveEstateFile({ tables: { ...estate.tables, AlertsManagementResources: [] } }, path);
    expect(loadEstateLines(path)).toEqual({ tables: { ...estate.tables, AlertsManagementResources: [] } });
    const packed = fileWith('packed.json', JSON.stringify({ tables: { Resources: estate.tables.Resources } }));
    expect(() => loadEstateLines(packed)).toThrow(
      /packed\.json: unexpected content \(line 1\); files this large must keep/,
    );
  });

  it('treats missing tables as empty and accepts table names in any case', () => {
    const path = fileWith(
      'partial.json',
      '{"tables":{"resources":[{"id":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/vm1","type":"microsoft.compute/virtualmachines"}]}}',
    );
    const estate = loadEstateFile(path);
    expect(estate.tables.Resources).toHaveLength(1);
    expect(estate.tables.RecoveryServicesResources).toEqual([]);
    expect(estate.tables.AlertsManagementResources).toEqual([]);
  });

  it('says when the file does not exist', () => {
    const path = join(dir, 'nope.json');
    expect(loadError(path).message).toBe(`Estate file not found: ${path}`);
  });

  it('gives the line and column of bad JSON', () => {
    const path = fileWith('bad.json', '{"tables": {\n  "Resources": [,]\n}}');
    const err = loadError(path);
    expect(err.message).toBe(
      `Estate file ${path} is not valid JSON at line 2, column 17: expected a value but found ','`,
    );
    expect(err.path).toBe(path);
    const truncated = loadError(fileWith('truncated.json', '{"tables": {"Resources": [{"id": "/a"'));
    expect(truncated.message).toMatch(/line 1, column 38: expected ',' or '}' but found end of file$/);
    const quotes = loadError(fileWith('quotes.json', "{'tables': {}}"));
    expect(quotes.message).toMatch(/line 1, column 2: expected a property name in double quotes but found '''$/);
  });

  it('refuses a document that is not an object with a "tables" object', () => {
    expect(loadError(fileWith('array.json', '[]')).message).toMatch(
      /array\.json: expected a JSON object .*got an array/,
    );
    expect(loadError(fileWith('notables.json', '{"rows": []}')).message).toMatch(
      /notables\.json: "tables" must be an object .*got nothing/,
    );
    expect(loadError(fileWith('tablesarray.json', '{"tables": []}')).message).toMatch(/got an array/);
  });

  it('names an unknown table and lists the known ones', () => {
    const err = loadError(fileWith('unknown.json', '{"tables": {"Resourcez": []}}'));
    expect(err.message).toContain('unknown table "Resourcez"');
    expect(err.message).toContain(
      'Resources, RecoveryServicesResources, ResourceContainers, AlertsManagementResources',
    );
  });

  it('points at a row without id or type, and at a table that is not an array', () => {
    const noId = loadError(
      fileWith('noid.json', '{"tables": {"RecoveryServicesResources": [{"id":"/a","type":"t"}, {"type":"t"}]}}'),
    );
    expect(noId.message).toMatch(/noid\.json: RecoveryServicesResources\[1\] has no "id"/);
    const noType = loadError(fileWith('notype.json', '{"tables": {"Resources": [{"id":"/a"}]}}'));
    expect(noType.message).toMatch(/Resources\[0\] has no "type"/);
    const notRow = loadError(fileWith('notrow.json', '{"tables": {"Resources": ["x"]}}'));
    expect(notRow.message).toMatch(/Resources\[0\] is string, not a row object/);
    expect(loadError(fileWith('obj.json', '{"tables": {"Resources": {}}}')).message).toMatch(
      /table "Resources" must be an array/,
    );
  });

  it('says when the path is a directory', () => {
    const sub = join(dir, 'a-dir');
    mkdirSync(sub);
    expect(loadError(sub).message).toContain('is a directory');
  });

  it('reports a save into a missing directory with the file name', () => {
    const path = join(dir, 'missing', 'x.json');
    expect(() => saveEstateFile(smallEstate(), path)).toThrow(`Cannot write estate file ${path}`);
  });
});
