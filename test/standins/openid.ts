// Stand-in for the Bot Framework token service on 127.0.0.1: OpenID metadata and a JWKS, plus RS256 signing of
// channel tokens as Teams would send them (and of tokens a trusted service would never issue: expired, wrong key…).
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_TOKEN_ISSUER = 'https://api.botframework.com';
const KEY_ID = 'standin-key-1';

export interface TokenClaims {
  /** The bot's app id. */
  aud: string;
  /** Must equal the activity's serviceUrl. */
  serviceUrl: string;
  /** Seconds from now (negative: already expired). Default 3600. */
  expiresInS?: number;
  iss?: string;
  /** 'untrusted' signs with a key the JWKS does not publish, under the same key id. */
  key?: 'trusted' | 'untrusted';
}

export interface OpenIdStandIn {
  /** Goes into BOT_OPENID_METADATA_URL / config.teams.openIdMetadataUrl. */
  metadataUrl: string;
  issuer: string;
  /** How many times the JWKS was fetched. */
  readonly keyFetches: number;
  sign(claims: TokenClaims): string;
  close(): Promise<void>;
}

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

function signJwt(header: object, payload: object, key: KeyObject): string {
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key);
  return `${unsigned}.${base64url(signature)}`;
}

export async function startOpenIdStandIn(endorsements = ['msteams', 'emulator', 'playground']): Promise<OpenIdStandIn> {
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const untrusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = trusted.publicKey.export({ format: 'jwk' });
  let keyFetches = 0;
  let origin = '';
  const server = http.createServer((req, res) => {
    const json = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      json({
        issuer: BOT_TOKEN_ISSUER,
        jwks_uri: `${origin}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    } else if (req.url === '/keys') {
      keyFetches += 1;
      json({ keys: [{ ...jwk, kid: KEY_ID, use: 'sig', alg: 'RS256', endorsements }] });
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${origin}/.well-known/openid-configuration`,
    issuer: BOT_TOKEN_ISSUER,
    get keyFetches() {
      return keyFetches;
    },
    sign(claims) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        iss: claims.iss ?? BOT_TOKEN_ISSUER,
        aud: claims.aud,
        serviceurl: claims.serviceUrl,
        nbf: now - 60,
        iat: now - 60,
        exp: now + (claims.expiresInS ?? 3600),
      };
      const key = claims.key === 'untrusted' ? untrusted.privateKey : trusted.privateKey;
      return signJwt({ alg: 'RS256', typ: 'JWT', kid: KEY_ID }, payload, key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
