// Every facade answer over the hand-made tricky estate, run by the stand-in's KQL engine, against expectations
// computed by hand from the estate (test/fixtures/tricky-estate.expected.json; checks in support/tricky-checks.ts).
import { createBackupData } from '../../src/azure/backup-data';
import { EngineRunner, loadEstateTables } from './support/engine-runner';
import { askCase, checkCase, TRICKY_ESTATE, tricky } from './support/tricky-checks';

const data = createBackupData(new EngineRunner(loadEstateTables(TRICKY_ESTATE), new Date(tricky.now)));

describe.each(tricky.cases)('$name', (c) => {
  it('matches the hand-computed answer', async () => {
    checkCase(c, await askCase(data, c));
  });
});
