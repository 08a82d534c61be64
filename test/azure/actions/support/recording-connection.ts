// An ARM connection to the stand-in that also records every request the SDK clients send (method, path, JSON body),
// so tests can check the exact trigger bodies.
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import {
  type ArmConnection,
  createArmConnection,
  createStaticTokenCredential,
} from '../../../../src/azure/arm-connection';

export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

export function recordingConnection(
  url: string,
  principal?: string,
): { connection: ArmConnection; sent: SentRequest[] } {
  const base = createArmConnection({
    endpoint: url,
    ...(principal ? { credential: createStaticTokenCredential(principal) } : {}),
  });
  const inner: HttpClient = base.httpClient ?? createDefaultHttpClient();
  const sent: SentRequest[] = [];
  const httpClient: HttpClient = {
    sendRequest(request) {
      const body = typeof request.body === 'string' ? safeJson(request.body) : undefined;
      sent.push({ method: request.method, path: decodeURIComponent(new URL(request.url).pathname), body });
      return inner.sendRequest(request);
    },
  };
  return {
    connection: { ...base, httpClient, clientOptions: { ...base.clientOptions, httpClient } },
    sent,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
