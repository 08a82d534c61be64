// --tls: the stand-in serves https with a throw-away certificate; a separately started Node process trusts it through
// NODE_EXTRA_CA_CERTS and the real SDK then talks to it with no HttpClient override.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle } from '../../../src/sim/server/types';
import { createFixtureEstate, SUB_A } from './fixture-estate';

let sim: SimHandle;

beforeAll(async () => {
  sim = await startSim({ estate: createFixtureEstate(), tls: true });
});

afterAll(async () => {
  await sim.close();
});

// Plain JS in a child process: NODE_EXTRA_CA_CERTS is only read when Node starts.
const CHILD = `
const { RecoveryServicesBackupClient } = require('@azure/arm-recoveryservicesbackup');
const credential = { getToken: async () => ({ token: 'tls-test-token', expiresOnTimestamp: Date.now() + 60000 }) };
const url = process.argv[1];
const client = new RecoveryServicesBackupClient(credential, '${SUB_A}', { endpoint: url, $host: url, retryOptions: { maxRetries: 0 } });
client.jobDetails.get('rsv-prod', 'rg-backup', 'aaaaaaaa-0000-0000-0000-000000000001')
  .then((job) => console.log('status=' + job.properties.status))
  .catch((e) => console.log('error=' + (e.code || e.message)));
`;

function runChild(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', CHILD, sim.url], { cwd: process.cwd(), env, timeout: 20_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout.trim()),
    );
  });
}

test('serves https and writes its certificate to a PEM file', () => {
  expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(sim.caCertFile).toBeDefined();
  expect(readFileSync(sim.caCertFile ?? '', 'utf8')).toBe(sim.caCertPem);
  expect(sim.caCertPem).toContain('-----BEGIN CERTIFICATE-----');
});

test('a separate Node process trusts it with NODE_EXTRA_CA_CERTS, and not without', async () => {
  expect(await runChild({ NODE_EXTRA_CA_CERTS: sim.caCertFile ?? '' })).toBe('status=InProgress');
  expect(await runChild({})).toMatch(
    /^error=(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/,
  );
});
