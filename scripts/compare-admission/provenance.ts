// compare-admission: what the numbers were measured against — the real server's version, kactor's commit
// and uncommitted sources, and which webhooks the real server calls (and, when `kactor run` runs on this
// machine, whether it started after the newest source file, i.e. serves the code the in-process hooks run).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from './targets.js';

const sh = (cmd: string, args: string[], cwd?: string): string => {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
  } catch {
    return '';
  }
};

function newestMtime(dir: string): { path: string; ms: number } {
  let best = { path: '', ms: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const cand = e.isDirectory() ? newestMtime(p) : e.name.endsWith('.ts') ? { path: p, ms: statSync(p).mtimeMs } : best;
    if (cand.ms > best.ms) best = cand;
  }
  return best;
}

/** What the webhook server of `kactor run` is built from (the embedded server's own code is not). */
const WEBHOOK_SOURCES = ['src/workloads', 'src/webhook', 'src/api'];

export async function realVersion(real: Target): Promise<string> {
  const res = await real.send({ method: 'GET', path: '/version' });
  return `${res.json?.gitVersion ?? `(GET /version: ${res.status})`} at ${real.url}`;
}

export async function webhookNote(real: Target, root: string): Promise<string> {
  const res = await real.send({ method: 'GET', path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations' });
  const hooks: string[] = [];
  for (const cfg of res.json?.items ?? []) {
    for (const w of cfg.webhooks ?? []) if (String(w.name).endsWith('.kb.io')) hooks.push(`${w.name} → ${w.clientConfig?.url ?? `service ${w.clientConfig?.service?.namespace}/${w.clientConfig?.service?.name}`}`);
  }
  const listed = hooks.length ? `the real server calls ${hooks.join(', ')}` : 'no *.kb.io validating webhook is registered on the real server';
  const pid = sh('pgrep', ['-f', '-o', 'kactor.js run']).trim();
  if (!pid) return `${listed}; no local \`kactor run\` process found`;
  const started = Date.parse(sh('ps', ['-o', 'lstart=', '-p', pid]));
  const newest = WEBHOOK_SOURCES.map((d) => newestMtime(join(root, d))).reduce((a, b) => (b.ms > a.ms ? b : a));
  const fresh = started >= newest.ms;
  return `${listed}; local \`kactor run\` (pid ${pid}) started ${new Date(started).toISOString()}, ` +
    (fresh ? 'after the newest source file of the workloads, the webhook and src/api (it serves the code the in-process hooks run)' : `BEFORE ${newest.path.slice(root.length + 1)} last changed (${new Date(newest.ms).toISOString()}): it may serve older code than the in-process hooks`);
}

export function gitHead(root: string): { head: string; dirty: string[] } {
  const head = sh('git', ['log', '-1', '--format=%h %s'], root).trim().slice(0, 100);
  const dirty = sh('git', ['status', '--porcelain', '--', 'src'], root)
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3));
  return { head: head || '(not a git checkout)', dirty };
}
