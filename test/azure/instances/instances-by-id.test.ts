// instancesById: the instances with given ARM ids (any casing), with their retryability (Backup vault policies read),
// unknown ids left out, and long id lists split over several queries.
import { createBackupData } from '../../../src/azure/backup-data';
import {
  continuousBlobItem,
  demoEstate,
  ESTATE_NOW,
  itemInState,
  retryableItems,
} from '../actions/support/estate-items';
import { EngineRunner } from '../support/engine-runner';

const estate = demoEstate();

test('finds instances by id in any casing, says which can be backed up now, and leaves unknown ids out', async () => {
  const runner = new EngineRunner(estate.tables, ESTATE_NOW);
  const data = createBackupData(runner);
  const vm = retryableItems(estate, 'vm')[0];
  const blob = continuousBlobItem(estate);
  const stopped = itemInState(estate, 'vm', 'ProtectionStopped');
  const unknown = `${vm?.id}-gone`;
  const answer = await data.instancesById([vm?.id.toUpperCase() ?? '', blob.id, stopped.id, unknown]);
  const byId = new Map(answer.value.map((i) => [i.id.toLowerCase(), i]));
  expect(byId.size).toBe(3);
  expect(byId.get(vm?.id.toLowerCase() ?? '')?.retry).toEqual({ possible: true });
  expect(byId.get(blob.id.toLowerCase())?.retry).toMatchObject({ possible: false, reason: 'continuous-only' });
  expect(byId.get(stopped.id.toLowerCase())?.retry).toMatchObject({ possible: false, reason: 'state' });
  expect(answer.kql[0]).toContain(`'${blob.id.toLowerCase()}'`);
});

test('a long list of ids is asked for in batches, and every known one comes back once', async () => {
  const runner = new EngineRunner(estate.tables, ESTATE_NOW);
  const ids = retryableItems(estate, 'vm')
    .slice(0, 150)
    .map((i) => i.id);
  expect(ids).toHaveLength(150);
  const answer = await createBackupData(runner).instancesById([...ids, ...ids]);
  expect(answer.value.map((i) => i.id).sort()).toEqual([...ids].sort());
  expect(runner.sent.filter((kql) => kql.includes('in ('))).toHaveLength(2);
});
