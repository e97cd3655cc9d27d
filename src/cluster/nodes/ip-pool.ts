// Pod IPs of one node, from its podCIDR (pure): the lowest free host address after the gateway (.1),
// handed out round-robin so that a freed IP is not reused at once.
import { formatIp, parseCidr } from './node-template.js';

export class IpPool {
  readonly #base: number;
  readonly #size: number;
  readonly #used: Uint8Array;
  #cursor = 2;

  constructor(cidr: string) {
    const c = parseCidr(cidr);
    if (!c) throw new Error(`invalid podCIDR ${JSON.stringify(cidr)}`);
    this.#base = c.base;
    this.#size = c.size;
    this.#used = new Uint8Array(c.size);
  }

  contains(ip: string): boolean {
    const n = ipToNumber(ip);
    return n !== undefined && n > this.#base && n < this.#base + this.#size - 1;
  }

  /** Marks an IP (already in some pod's status) as used. */
  claim(ip: string): void {
    if (this.contains(ip)) this.#used[ipToNumber(ip)! - this.#base] = 1;
  }

  allocate(): string | undefined {
    for (let i = 0; i < this.#size - 3; i++) {
      const off = this.#cursor;
      this.#cursor = this.#cursor + 1 >= this.#size - 1 ? 2 : this.#cursor + 1;
      if (!this.#used[off]) {
        this.#used[off] = 1;
        return formatIp(this.#base + off);
      }
    }
    return undefined;
  }

  release(ip: string): void {
    if (this.contains(ip)) this.#used[ipToNumber(ip)! - this.#base] = 0;
  }
}

export function ipToNumber(ip: string): number | undefined {
  const m = ip.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (!m) return undefined;
  return ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
}
