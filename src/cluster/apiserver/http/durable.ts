// Holds a write's answer until the write-ahead log has it on disk: the handler answers synchronously;
// writeHead/end are deferred until `sync()` resolves (group commit makes the wait one fsync per batch).
// If the log fails, the client gets a 500 instead of an acknowledgement it could not rely on.
import type { ServerResponse } from 'node:http';
import { ApiError } from '../errors.js';
import { sendError } from './respond.js';

export interface Durability {
  sync(): Promise<void>;
}

export function answerWhenDurable(res: ServerResponse, durability: Durability): void {
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  let head: unknown[] | undefined;
  res.writeHead = ((...args: unknown[]) => {
    head = args;
    return res;
  }) as typeof res.writeHead;
  res.end = ((...args: unknown[]) => {
    durability.sync().then(
      () => {
        if (head) writeHead(...head);
        end(...args);
      },
      (err: unknown) => {
        res.writeHead = writeHead as typeof res.writeHead;
        res.end = end as typeof res.end;
        res.removeHeader('Retry-After');
        sendError(res, new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`, {}));
      },
    );
    return res;
  }) as typeof res.end;
}
