// Holds a write's answer until the write-ahead log has it on disk: the handler answers synchronously;
// writeHead/end are deferred until `sync()` resolves (group commit makes the wait one fsync per batch).
// If the log fails, the client gets a 500 instead of an acknowledgement it could not rely on.
import type { ServerResponse } from 'node:http';
import { ApiError } from '../errors.js';
import { holdAnswer } from './hold-answer.js';
import { sendError } from './respond.js';

export interface Durability {
  sync(): Promise<void>;
}

export function answerWhenDurable(res: ServerResponse, durability: Durability): void {
  holdAnswer(res, (answer) => {
    durability.sync().then(
      () => answer.send(),
      (err: unknown) => {
        answer.restore();
        res.removeHeader('Retry-After');
        sendError(res, new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`, {}));
      },
    );
  });
}
