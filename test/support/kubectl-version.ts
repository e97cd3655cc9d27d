// The minor version of the kubectl on PATH (the machine's, or Debian's 1.20 where CI installs it), so
// tests of kubectl features newer than 1.20 (fieldValidation with apply, --subresource) can say so.
import { execFileSync } from 'node:child_process';

let cached: number | undefined;

export function kubectlMinor(): number {
  if (cached === undefined) {
    try {
      const out = execFileSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      cached = Number.parseInt((JSON.parse(out) as { clientVersion: { minor: string } }).clientVersion.minor, 10);
    } catch {
      cached = 0;
    }
  }
  return cached;
}
