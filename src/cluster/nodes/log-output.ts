// How a kubelet writes a container log out (kuberuntime/logs): the last `tailLines` lines, those at or
// after `since`, each prefixed with its RFC3339Nano timestamp (9 fixed digits) when `timestamps`, and no
// more than `limitBytes` bytes (the line that crosses the limit is cut, then the stream ends).

export interface LogLine {
  /** Epoch ms. */
  at: number;
  text: string;
}

export interface LogReadOptions {
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  /** Only lines at or after this time (epoch ms): from sinceSeconds or sinceTime, whichever is later. */
  sinceMs?: number;
  limitBytes?: number;
}

export interface LogWriter {
  write(text: string): void;
  end(): void;
}

/** Go's RFC3339NanoFixed in UTC: 2026-01-01T00:00:00.123000000Z. */
export function rfc3339NanoFixed(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export function formatLogLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${rfc3339NanoFixed(line.at)} ${line.text}\n` : `${line.text}\n`;
}

/** Applies the options to what is written into `out`; `push` answers false once the byte limit ended the stream. */
export function logOutput(opts: LogReadOptions, out: LogWriter) {
  let remaining = opts.limitBytes ?? Infinity;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    out.end();
  };
  return {
    /** The lines already written that the request shows: the tail first, then the since filter. */
    initial(lines: readonly LogLine[]): readonly LogLine[] {
      const tail = opts.tailLines === undefined ? lines : opts.tailLines === 0 ? [] : lines.slice(-opts.tailLines);
      return tail;
    },
    push(line: LogLine): boolean {
      if (ended) return false;
      if (opts.sinceMs !== undefined && line.at < opts.sinceMs) return true;
      const text = formatLogLine(line, opts.timestamps);
      const bytes = Buffer.byteLength(text);
      if (bytes < remaining) {
        remaining -= bytes;
        out.write(text);
        return true;
      }
      out.write(Buffer.from(text).subarray(0, remaining).toString('utf8'));
      end();
      return false;
    },
    end,
  };
}
