// Reads a whole HTTP answer for tests: status, headers, the text and — when the text is JSON — its value.
import type { IncomingMessage } from 'node:http';

export interface ReadResponse {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json: any;
}

export function readResponse(res: IncomingMessage): Promise<ReadResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
    });
    res.on('error', reject);
  });
}
