// A JSON body parser for restify routes with a hard limit on what is read and on what gzip inflates to. Restify's own
// parser reads a whole upload before answering 413 and counts only the compressed bytes of a gzip body.
import { gunzip } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'restify';
import { readBodyBytes } from './read-body';

type Next = (err?: unknown) => void;

function refuse(res: Response, next: Next, status: number, code: string, message: string): void {
  // The rest of the upload is not wanted: close the connection rather than drain it.
  res.setHeader('connection', 'close');
  res.send(status, { code, message });
  (next as (stop: false) => void)(false);
}

function inflate(body: Buffer, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: limit }, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/**
 * Sets `req.body` to the parsed JSON (undefined for an empty body or another content type). Over `limit` bytes,
 * declared, read or inflated: 413 without reading further; an encoding other than gzip: 415; bad JSON: 400.
 */
export function jsonBody(limit: number): RequestHandler {
  const tooLarge = `the request body is over ${limit} bytes`;
  return (req: Request, res: Response, next: Next) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return refuse(res, next, 413, 'PayloadTooLarge', tooLarge);
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') {
      return refuse(res, next, 415, 'UnsupportedMediaType', 'content encoding not supported (identity or gzip)');
    }
    readBodyBytes(req, limit)
      .then((raw) => (encoding === 'gzip' ? inflate(raw, limit) : raw))
      .then(
        (bytes) => {
          const isJson = /\bjson\b/i.test(req.headers['content-type'] ?? '');
          const text = bytes.toString('utf8');
          if (!isJson || text.trim() === '') return next();
          try {
            (req as { body?: unknown }).body = JSON.parse(text);
          } catch {
            return refuse(res, next, 400, 'InvalidContent', 'the body is not valid JSON');
          }
          next();
        },
        (err: unknown) => {
          // A body over the limit (read or inflated) is 413; a damaged gzip stream is the client's fault too.
          const over = err instanceof RangeError || (err instanceof Error && err.message === 'body too large');
          if (over) return refuse(res, next, 413, 'PayloadTooLarge', tooLarge);
          refuse(res, next, 400, 'InvalidContent', 'the body could not be read');
        },
      );
  };
}
