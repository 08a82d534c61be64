// A small JSON-over-ARM sender for the Backup vault REST calls (no @azure/arm-dataprotection in our registry):
// core-client's ServiceClient adds the bearer token, retries reads on 429/5xx and writes on 429 only, and the stand-in
// redirect; ARM's error shape {error:{code,message}} becomes a RestError with code and statusCode.
import { ServiceClient } from '@azure/core-client';
import {
  createHttpHeaders,
  createPipelineRequest,
  type HttpMethods,
  type PipelineRetryOptions,
  RestError,
} from '@azure/core-rest-pipeline';
import type { ArmConnection } from '../arm-connection';
import { useArmTimeout } from '../arm-timeout';
import { useWriteSafeRetries } from '../write-safe-retry';

export interface ArmJsonResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
}

export interface ArmJsonClient {
  /** ARM base URL the client builds paths on (https, also for the stand-in). */
  endpoint: string;
  send(method: HttpMethods, url: string, body?: unknown, signal?: AbortSignal): Promise<ArmJsonResponse>;
}

export function createArmJsonClient(
  connection: ArmConnection,
  retryOptions?: PipelineRetryOptions,
  requestTimeoutMs?: number,
): ArmJsonClient {
  const client = new ServiceClient({
    ...connection.clientOptions,
    credential: connection.credential,
    ...(retryOptions ? { retryOptions } : {}),
  });
  useWriteSafeRetries(client, retryOptions);
  useArmTimeout(client, requestTimeoutMs);
  return {
    endpoint: connection.endpoint,
    async send(method, url, body, signal) {
      const request = createPipelineRequest({
        url,
        method,
        headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { abortSignal: signal } : {}),
      });
      const res = await client.sendRequest(request);
      const parsed = parseJson(res.bodyAsText);
      if (res.status >= 400) {
        const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
        throw new RestError(typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`, {
          ...(typeof error?.code === 'string' ? { code: error.code } : {}),
          statusCode: res.status,
          request,
          response: res,
        });
      }
      return { status: res.status, headers: res.headers.toJSON(), body: parsed };
    },
  };
}

function parseJson(text: string | undefined | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
