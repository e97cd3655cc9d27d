// Holds a response's answer: writeHead/end are captured instead of sent, and `onEnd` decides what happens
// to it — send it later (after an fsync), drop it (an injected lost answer), or restore the response and
// answer something else. Shared by the durability wait and the fault injector.
import type { ServerResponse } from 'node:http';

export interface HeldAnswer {
  /** The status code the handler answered with. */
  readonly code: number;
  /** Sends the held answer as the handler wrote it. */
  send(): ServerResponse;
  /** Puts writeHead/end back, so the response can answer something else. */
  restore(): void;
}

export function holdAnswer(res: ServerResponse, onEnd: (answer: HeldAnswer) => void): void {
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  let head: unknown[] | undefined;
  res.writeHead = ((...args: unknown[]) => {
    head = args;
    return res;
  }) as typeof res.writeHead;
  res.end = ((...args: unknown[]) => {
    const restore = (): void => {
      res.writeHead = writeHead as typeof res.writeHead;
      res.end = end as typeof res.end;
    };
    onEnd({
      code: typeof head?.[0] === 'number' ? head[0] : res.statusCode,
      send: () => {
        if (head) writeHead(...head);
        return end(...args);
      },
      restore,
    });
    return res;
  }) as typeof res.end;
}
