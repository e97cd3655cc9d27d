// Carries out the request-level faults chosen by the FaultInjector: added latency, a write answered
// 409/429/500 before it is applied, or a write applied whose answer is lost (socket destroyed instead).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../errors.js';
import { holdAnswer } from '../http/hold-answer.js';
import type { FaultInjector } from './injector.js';
import type { FaultRequestInfo } from './types.js';

export function requestInfoOf(req: IncomingMessage, path: string): FaultRequestInfo {
  const ua = req.headers['user-agent'];
  return { method: req.method ?? 'GET', path, userAgent: typeof ua === 'string' ? ua : '' };
}

/**
 * Runs `handle` under the faults drawn for this request. `handle` answers the request itself; `fail`
 * answers with an error (the same path real errors take).
 */
export function runWithFaults(faults: FaultInjector, info: FaultRequestInfo, res: ServerResponse, handle: () => void, fail: (err: unknown) => void): void {
  const go = (): void => {
    if (res.destroyed) return;
    const fault = faults.writeFaultFor(info);
    switch (fault?.kind) {
      case 'conflict':
        return fail(new ApiError(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again (injected fault)', {}));
      case 'tooManyRequests':
        res.setHeader('Retry-After', String(fault.retryAfterSeconds));
        return fail(new ApiError(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later (injected fault)', { retryAfterSeconds: fault.retryAfterSeconds }));
      case 'serverError':
        return fail(new ApiError(500, 'InternalError', 'Internal error occurred: injected fault', {}));
      case 'lostResponse':
        loseSuccessfulAnswer(res, () => faults.countLostResponse());
        return handle();
      default:
        return handle();
    }
  };
  const delay = faults.latencyFor(info);
  if (delay > 0) setTimeout(go, delay);
  else go();
}

/**
 * Makes a 2xx answer vanish: the write has been applied when the handler answers, so the connection is
 * destroyed instead of sending it. Error answers (the write did not happen) still go out.
 * A request that arrived on a keep-alive connection before the previous answer on it had finished
 * flushing has no socket yet (Node assigns it once that answer is done); destroying "its socket" then did
 * nothing, and the request hung unanswered until the client's timeout. So the socket is destroyed when it
 * is assigned ('socket' event) — `res.destroy()` alone does that on Node 20 and 22 but not on Node 24.
 */
function loseSuccessfulAnswer(res: ServerResponse, onLost: () => void): void {
  holdAnswer(res, (answer) => {
    if (answer.code >= 200 && answer.code < 300) {
      onLost();
      if (res.socket) res.socket.destroy();
      else res.once('socket', (socket) => socket.destroy());
      res.destroy();
      return;
    }
    answer.send();
  });
}
