// The azure layer's BackupData is a BackupDataPort (checked by the compiler here), so core never imports src/azure.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createBackupData } from '../../src/azure/backup-data';
import type { BackupDataPort } from '../../src/core/ports';
import { EngineRunner } from '../azure/support/engine-runner';

test('createBackupData(...) satisfies BackupDataPort and answers through it', async () => {
  const port: BackupDataPort = createBackupData(new EngineRunner({ RecoveryServicesResources: [] }, new Date()));
  const answer = await port.jobs('failed', {}, { limit: 5 });
  expect(answer.value).toEqual({ jobs: [], hasMore: false });
  expect(answer.kql[0]).toContain('RecoveryServicesResources');
});

test('nothing under src/core imports src/azure', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) files.push(full);
    }
  };
  walk(path.resolve(__dirname, '../../src/core'));
  const offenders = files.filter((f) => /from '(\.\.\/)+azure\//.test(readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});
