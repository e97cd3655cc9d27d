// Writing answers: JSON bodies (pre-serialized strings pass through untouched) and Status errors.
import type { ServerResponse } from 'node:http';
import { ApiError, internalError } from '../errors.js';

export function sendJson(res: ServerResponse, code: number, body: string | object, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, ['Content-Type', contentType, 'Content-Length', String(Buffer.byteLength(text)), 'Cache-Control', 'no-cache, private']);
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const apiErr = err instanceof ApiError ? err : internalError(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiErr.httpStatus, apiErr.toStatus());
}
