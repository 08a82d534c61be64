// On-demand backups and store failures counted, scraped over HTTP: the retry workflow against the Azure stand-in and
// a PostgreSQL store (the retry harness) reports each request's result (started, refused by Azure, denied by
// RETRY_ALLOW) and each followed job's end; a store whose database is gone counts its failed calls by operation.
import { DEMO_PRINCIPAL_ID } from '../../src/azure/arm-connection';
import { type MetricsServer, startMetricsServer } from '../../src/http/metrics';
import { createPrometheusMetrics } from '../../src/metrics/prometheus';
import { openStore } from '../../src/store';
import { retryableItem } from '../azure/actions/support/estate-items';
import {
  ANA,
  clickButton,
  EVE,
  type Harness,
  modelOf,
  refFor,
  retryCommand,
  useHarness,
} from '../core/retry/support/harness';
import { captureLog } from '../support/capture-log';
import { sample, scrape } from './scrape';

jest.setTimeout(60_000);

const prometheus = createPrometheusMetrics({ processMetrics: false });
const { metrics } = prometheus;
let h: Harness;
let server: MetricsServer;
useHarness((started) => {
  h = started;
});
beforeAll(async () => {
  server = await startMetricsServer(0, '127.0.0.1', { source: prometheus, log: captureLog().log });
});
afterAll(async () => server?.close());

async function scraped(): Promise<string> {
  const { status, text } = await scrape(`http://127.0.0.1:${server.port}/metrics`);
  expect(status).toBe(200);
  return text;
}
const requests = (text: string, result: string) => sample(text, 'backup_center_backup_requests_total', { result });

test('a started backup, an Azure refusal and a RETRY_ALLOW refusal are counted by result; the job by how it ended', async () => {
  const { workflow, sink } = await h.workflow({ metrics });
  const item = retryableItem(h.estate, 'vm', 5);
  const confirm = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  expect(requests(await scraped(), 'started')).toBe(0);
  await workflow.handleRetry(clickButton(confirm, 'Start'), { caller: ANA, messageRef: refFor(1) });
  expect(requests(await scraped(), 'started')).toBe(1);
  await sink.waitFor('in-progress');
  h.sim.admin.settleJobs();
  await sink.waitFor('completed');
  expect(sample(await scraped(), 'backup_center_backup_jobs_finished_total', { status: 'Completed' })).toBe(1);

  // Azure's 403: nothing started, counted as refused.
  const disk = retryableItem(h.estate, 'disks');
  h.sim.admin.setForbidden([{ principal: DEMO_PRINCIPAL_ID, vault: disk.target.vaultName }]);
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${disk.id}`), { caller: ANA }));
  await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(2) });
  h.sim.admin.setForbidden([]);

  // Eve is not in RETRY_ALLOW: refused before any lookup, one count per item she named.
  await workflow.handleRetry(retryCommand(`retry ${item.id} ${disk.id}`), { caller: EVE });
  const text = await scraped();
  expect(requests(text, 'refused')).toBe(1);
  expect(requests(text, 'denied')).toBe(2);
  expect(requests(text, 'started')).toBe(1);
  expect(requests(text, 'failed')).toBe(0);
});

test('store calls that fail are counted by operation, whoever catches them', async () => {
  const store = await openStore({ databaseUrl: h.db.url, dataDir: '/nonexistent', metrics });
  await store.ping();
  // Input the store refuses is the caller's mistake, not a database failure.
  const record = { actor: { platform: 'slack', userId: 'U1' }, action: 'x', result: 'ok', at: new Date() };
  await expect(store.appendAuditLimited(record, { max: -1, windowMs: 0 })).rejects.toThrow('limit needs');
  expect(sample(await scraped(), 'backup_center_store_errors_total')).toBe(0);
  await store.close();
  await expect(store.ping()).rejects.toThrow();
  await expect(store.listDueDigests(new Date())).rejects.toThrow();
  const text = await scraped();
  expect(sample(text, 'backup_center_store_errors_total', { operation: 'ping' })).toBe(1);
  expect(sample(text, 'backup_center_store_errors_total', { operation: 'listDueDigests' })).toBe(1);
});
