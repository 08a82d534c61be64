// createArmConnection: real Azure needs https and a credential; a loopback http stand-in gets an https URL for the SDK,
// plain http on the wire, the bearer token still sent, and LRO header URLs mapped back to https.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceClient } from '@azure/core-client';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import {
  createArmConnection,
  createStaticTokenCredential,
  DEMO_PRINCIPAL_ID,
  PUBLIC_ARM_ENDPOINT,
} from '../../src/azure/arm-connection';

let server: Server;
let port: number;
let seen: { url?: string; headers?: IncomingHttpHeaders } = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen = { url: req.url ?? '', headers: req.headers };
    res.writeHead(202, {
      location: `http://127.0.0.1:${port}/ops/1?api-version=1`,
      'azure-asyncoperation': `http://127.0.0.1:${port}/status/1`,
      'content-type': 'application/json',
    });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const fakeCredential = { getToken: async () => ({ token: 'real-token', expiresOnTimestamp: Date.now() + 60_000 }) };

test('real Azure: https endpoint kept, no HttpClient override, management scope', () => {
  const c = createArmConnection({ endpoint: 'https://management.azure.com/', credential: fakeCredential });
  expect(c.endpoint).toBe(PUBLIC_ARM_ENDPOINT);
  expect(c.httpClient).toBeUndefined();
  expect(c.clientOptions).toEqual({
    endpoint: PUBLIC_ARM_ENDPOINT,
    $host: PUBLIC_ARM_ENDPOINT,
    credentialScopes: [`${PUBLIC_ARM_ENDPOINT}/.default`],
    credentials: { scopes: [`${PUBLIC_ARM_ENDPOINT}/.default`] },
  });
  expect(c.credential).toBe(fakeCredential);
  expect(c.isLocal).toBe(false);
});

test('refuses plain http to a remote host and a missing credential for real Azure', () => {
  expect(() => createArmConnection({ endpoint: 'http://management.azure.com', credential: fakeCredential })).toThrow(
    /https/,
  );
  expect(() => createArmConnection({ endpoint: 'https://management.azure.com' })).toThrow(/credential is required/);
});

test('a loopback http stand-in: the SDK sees https, the wire is http, the token is sent, LRO URLs come back as https', async () => {
  const c = createArmConnection({ endpoint: `http://127.0.0.1:${port}` });
  expect(c.endpoint).toBe(`https://127.0.0.1:${port}`);
  expect(c.httpClient).toBeDefined();
  expect(c.isLocal).toBe(true);
  const client = new ServiceClient({ ...c.clientOptions, credential: c.credential });
  const request = createPipelineRequest({ url: `${c.endpoint}/things/a%3Bb?api-version=1`, method: 'POST' });
  const res = await client.sendRequest(request);
  expect(res.status).toBe(202);
  expect(seen.url).toBe('/things/a%3Bb?api-version=1');
  expect(seen.headers?.authorization).toMatch(/^Bearer \S+$/);
  expect(res.headers.get('location')).toBe(`https://127.0.0.1:${port}/ops/1?api-version=1`);
  expect(res.headers.get('azure-asyncoperation')).toBe(`https://127.0.0.1:${port}/status/1`);
  expect(request.url).toBe(`${c.endpoint}/things/a%3Bb?api-version=1`);
});

test('the demo token names a principal, and distinct principals give distinct tokens', async () => {
  const token = (await createStaticTokenCredential().getToken('x'))?.token ?? '';
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { oid: string };
  expect(payload.oid).toBe(DEMO_PRINCIPAL_ID);
  const other = (await createStaticTokenCredential('someone-else').getToken('x'))?.token;
  expect(other).not.toBe(token);
});
