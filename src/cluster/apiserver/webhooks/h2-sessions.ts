// HTTP/2 to webhooks that speak it, as kube-apiserver's Go client negotiates: one TLS connection per
// webhook origin and CA is opened offering ALPN `h2, http/1.1`; when the webhook picks h2 the connection
// becomes a shared HTTP/2 session (every review a stream on it: fewer TLS writes and syscalls per call),
// otherwise the origin is remembered as HTTP/1.1-only and the caller uses its keep-alive agent. A session
// that closes or fails is forgotten, and the next call negotiates again.
import http2 from 'node:http2';
import { isIP } from 'node:net';
import tls from 'node:tls';

const WINDOW = 1 << 20;

export type Negotiated = { kind: 'h2'; session: http2.ClientHttp2Session } | { kind: 'h1' };

export class H2Sessions {
  #state = new Map<string, Promise<Negotiated> | Negotiated>();

  /** The protocol for this origin and CA, negotiating (once at a time) when unknown. Rejects with the connect error. */
  negotiated(origin: string, caPem: string | undefined): Promise<Negotiated> | Negotiated {
    const key = `${origin}\n${caPem ?? ''}`;
    const known = this.#state.get(key);
    if (known) return known;
    const pending = this.#negotiate(origin, caPem, key);
    this.#state.set(key, pending);
    pending.then(
      (n) => this.#state.set(key, n),
      () => this.#state.delete(key),
    );
    return pending;
  }

  close(): void {
    for (const s of this.#state.values()) if (!(s instanceof Promise) && s.kind === 'h2') s.session.destroy();
    this.#state.clear();
  }

  #negotiate(origin: string, caPem: string | undefined, key: string): Promise<Negotiated> {
    const u = new URL(origin);
    return new Promise((resolve, reject) => {
      const socket = tls.connect({
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: Number(u.port || 443),
        servername: isIP(u.hostname.replace(/^\[|\]$/g, '')) ? undefined : u.hostname,
        ca: caPem,
        ALPNProtocols: ['h2', 'http/1.1'],
      });
      // No Nagle: a review is one small write, and waiting for the peer's delayed ACK stalls it ~40 ms.
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        if (socket.alpnProtocol !== 'h2') {
          socket.destroy();
          resolve({ kind: 'h1' });
          return;
        }
        // Windows large enough that hundreds of reviews in flight never wait for WINDOW_UPDATE frames.
        const session = http2.connect(origin, { createConnection: () => socket, settings: { initialWindowSize: WINDOW } });
        session.once('connect', () => session.setLocalWindowSize(WINDOW * 8));
        session.on('error', () => undefined); // each stream reports its own failure
        session.once('close', () => {
          const s = this.#state.get(key);
          if (s && !(s instanceof Promise) && s.kind === 'h2' && s.session === session) this.#state.delete(key);
        });
        session.unref();
        resolve({ kind: 'h2', session });
      });
    });
  }
}
