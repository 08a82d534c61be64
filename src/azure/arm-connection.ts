// How every Azure SDK client of ours reaches ARM: real Azure (https, real credential) or the local stand-in.
// Track-2 clients refuse to send a bearer token to an http:// URL, so for a loopback http endpoint the SDK is handed an
// https URL and an HttpClient that speaks plain http on the wire (and maps absolute URLs in LRO headers back to https).
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import {
  createDefaultHttpClient,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

/** Object id in the demo token; the stand-in reports it as the caller (e.g. in AuthorizationFailed messages). */
export const DEMO_PRINCIPAL_ID = '00000000-0000-0000-0000-00000000d3e0';

export interface ArmConnectionInput {
  /** ARM base URL, e.g. https://management.azure.com or the stand-in's http://127.0.0.1:<port>. */
  endpoint: string;
  /** Required for a non-loopback endpoint; a static demo token is used for the stand-in when absent. */
  credential?: TokenCredential;
}

/** Options accepted by both client generations we use (core-client ServiceClient and the modular @azure-rest ones). */
export interface ArmClientOptions {
  endpoint: string;
  /** @azure/arm-recoveryservicesbackup builds operation URLs from `$host`, not from `endpoint`. */
  $host: string;
  httpClient?: HttpClient;
  /** core-client (track-2 ServiceClient) token scope. */
  credentialScopes: string[];
  /** @azure-rest modular clients (e.g. @azure/arm-resourcegraph 5) token scope. */
  credentials: { scopes: string[] };
}

export interface ArmConnection {
  /** The URL the SDK is given (https even when the stand-in speaks http). */
  endpoint: string;
  credential: TokenCredential;
  /** Only set when requests are redirected to a loopback http stand-in. */
  httpClient?: HttpClient;
  /** Spread into any SDK client's options: `new ResourceGraphClient(c.credential, c.clientOptions)`. */
  clientOptions: ArmClientOptions;
  /** True when talking to a stand-in on this machine. */
  isLocal: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function createArmConnection(input: ArmConnectionInput): ArmConnection {
  const url = new URL(input.endpoint);
  const isLocal = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocal)) {
    throw new Error(
      `ARM endpoint must be https (plain http is only allowed for a stand-in on 127.0.0.1): ${input.endpoint}`,
    );
  }
  if (!input.credential && !isLocal) {
    throw new Error(
      `A credential is required for ${input.endpoint}; the demo token only works with the local stand-in`,
    );
  }
  const credential = input.credential ?? createStaticTokenCredential();
  const wireOrigin = url.origin;
  const sdkOrigin = url.protocol === 'http:' ? `https://${url.host}` : wireOrigin;
  const endpoint = sdkOrigin + url.pathname.replace(/\/+$/, '');
  const httpClient = sdkOrigin === wireOrigin ? undefined : createRedirectingHttpClient(sdkOrigin, wireOrigin);
  // Real Azure wants the management scope; a stand-in accepts any token (ARM's audience is the endpoint itself).
  const scope = `${isLocal ? PUBLIC_ARM_ENDPOINT : endpoint}/.default`;
  const clientOptions: ArmClientOptions = {
    endpoint,
    $host: endpoint,
    credentialScopes: [scope],
    credentials: { scopes: [scope] },
  };
  if (httpClient) clientOptions.httpClient = httpClient;
  const connection: ArmConnection = { endpoint, credential, clientOptions, isLocal };
  if (httpClient) connection.httpClient = httpClient;
  return connection;
}

/** Rewrites `sdkOrigin` (https) to `wireOrigin` (http) for the request, and back in URL-valued response headers. */
export function createRedirectingHttpClient(sdkOrigin: string, wireOrigin: string, inner?: HttpClient): HttpClient {
  const client = inner ?? createDefaultHttpClient();
  const swap = (value: string, from: string, to: string): string =>
    value.toLowerCase().startsWith(from.toLowerCase()) ? to + value.slice(from.length) : value;
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const original = request.url;
      const allowInsecure = request.allowInsecureConnection;
      request.url = swap(original, sdkOrigin, wireOrigin);
      // The node HTTP client refuses http:// unless told; only the loopback stand-in ever gets here.
      if (request.url !== original) request.allowInsecureConnection = true;
      try {
        const response = await client.sendRequest(request);
        for (const name of ['location', 'azure-asyncoperation', 'operation-location']) {
          const value = response.headers.get(name);
          if (value) response.headers.set(name, swap(value, wireOrigin, sdkOrigin));
        }
        return response;
      } finally {
        // The pipeline (retries, LRO pollers) keeps reasoning about the https URL it built.
        request.url = original;
        request.allowInsecureConnection = allowInsecure;
      }
    },
  };
}

/**
 * A fixed, unsigned JWT-shaped token for the stand-in (it never validates signatures, but reads `oid` as the caller).
 * Distinct principal ids let tests act as different identities (e.g. one lacking the Backup Operator role).
 */
export function createStaticTokenCredential(principalId: string = DEMO_PRINCIPAL_ID): TokenCredential {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
    oid: principalId,
    sub: principalId,
    tid: '00000000-0000-0000-0000-000000000000',
    aud: PUBLIC_ARM_ENDPOINT,
  })}.`;
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 3_600_000, tokenType: 'Bearer' };
    },
  };
}
