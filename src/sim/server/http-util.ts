// Small HTTP helpers for the stand-in: body reading, JSON answers, and ARM's error shape.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ArmErrorDetail {
  code: string;
  message: string;
  [key: string]: unknown;
}

/** A refusal in ARM's shape: {"error":{"code","message","details"}}. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ArmErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }

  toBody(): object {
    const error: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.details.length > 0) error.details = this.details;
    return { error };
  }
}

/** The answer a handler hands back; the server writes it (after fault handling and logging). */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialised unless it is already a string. */
  body?: unknown;
  /** For the request log when something other than the normal handling answered (e.g. 'quota-429'). */
  answeredBy?: string;
}

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new ArmError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
  }
}

export function writeResponse(res: ServerResponse, answer: SimResponse): void {
  const { headers, payload } = prepareResponse(answer);
  res.writeHead(answer.status, headers);
  res.end(payload);
}

/**
 * Like writeResponse, but the body goes out in pieces over `overMs`, one piece each 100 ms (`pause` waits between
 * pieces, so the server's close() can cut it short); a client that gave up meanwhile ends it.
 */
export async function writeResponseSlowly(
  res: ServerResponse,
  answer: SimResponse,
  overMs: number,
  pause: (ms: number) => Promise<void>,
): Promise<void> {
  const { headers, payload } = prepareResponse(answer);
  res.writeHead(answer.status, headers);
  const bytes = Buffer.from(payload ?? '');
  const steps = Math.max(1, Math.ceil(overMs / 100));
  const size = Math.max(1, Math.ceil(bytes.length / steps));
  for (let at = 0; at < bytes.length; at += size) {
    if (res.destroyed) return;
    res.write(bytes.subarray(at, at + size));
    await pause(overMs / steps);
  }
  res.end();
}

function prepareResponse(answer: SimResponse): { headers: Record<string, string>; payload: string | undefined } {
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': randomUUID(),
    ...answer.headers,
  };
  let payload: string | undefined;
  if (answer.body !== undefined) {
    payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
  return { headers, payload };
}

export function errorResponse(err: ArmError): SimResponse {
  return { status: err.status, headers: err.headers, body: err.toBody() };
}

/** hh:mm:ss as in `x-ms-user-quota-resets-after`. */
export function formatHms(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
