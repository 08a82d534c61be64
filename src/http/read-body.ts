// Reads a request body with a size limit: the routes that verify a signature or a secret over the raw bytes (Slack,
// Azure Monitor alerts) read it themselves, since the server installs no body parser; ./json-body for JSON routes.
import type { IncomingMessage } from 'node:http';

/** Rejects with "body too large" past `limit` bytes, without buffering more (at once when the length says so). */
export async function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length']) > limit) throw new Error('body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** readBodyBytes as UTF-8 text. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}
