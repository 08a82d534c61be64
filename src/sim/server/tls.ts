// A throw-away self-signed certificate for `--tls`: written as PEM to a temp file so that a bot started separately can
// trust it through Node's standard NODE_EXTRA_CA_CERTS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface SimCertificate {
  key: string;
  cert: string;
  /** PEM file holding `cert`. */
  certFile: string;
  /** Deletes the PEM file (the certificate dies with the server). */
  remove(): void;
}

export async function createSelfSignedCertificate(host: string): Promise<SimCertificate> {
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [
    { type: 7, ip: '127.0.0.1' },
    { type: 2, value: 'localhost' },
  ];
  if (host !== '127.0.0.1' && host !== 'localhost')
    altNames.push(isIp ? { type: 7, ip: host } : { type: 2, value: host });
  const pems = await generate([{ name: 'commonName', value: host }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 30 * 24 * 3_600_000),
    extensions: [
      // A self-signed leaf that is its own CA, so trusting this one file is enough.
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'backup-sim-tls-'));
  const certFile = join(dir, 'sim-ca.pem');
  writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert, certFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
