// API-server fidelity: running one scenario on one server — a fresh namespace, the steps in order with
// their placeholders filled from earlier answers, each answer reduced to its compared part — then the
// namespace and the scenario's cluster-scoped objects deleted.
import { randomBytes } from 'node:crypto';
import type { FidelityClient, FidelityResponse } from './client.js';
import { comparedPart, type NormaliseContext } from './normalise.js';
import type { FidelityScenario, FidelityStep, RecordedAnswer } from './types.js';

export interface ScenarioRun {
  namespace: string;
  answers: Record<string, RecordedAnswer>;
}

export const freshNamespace = (): string => `kfid-${randomBytes(4).toString('hex')}`;

export async function runScenario(client: FidelityClient, scenario: FidelityScenario, urls: string[]): Promise<ScenarioRun> {
  const namespace = freshNamespace();
  const ctx: NormaliseContext = { namespace, urls };
  const created = await client.send({ method: 'POST', path: '/api/v1/namespaces', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }), contentType: 'application/json' });
  if (created.status !== 201) throw new Error(`creating namespace ${namespace} on ${client.url}: ${created.status} ${created.text.slice(0, 300)}`);
  const raw = new Map<string, FidelityResponse>();
  const answers: Record<string, RecordedAnswer> = {};
  try {
    for (const step of scenario.steps) {
      if (step.id in answers) throw new Error(`scenario ${scenario.id}: step id ${step.id} used twice`);
      const res = await sendStep(client, step, namespace, raw);
      raw.set(step.id, res);
      answers[step.id] = comparedPart(step, res.status, res.json, res.headers, ctx);
    }
  } finally {
    for (const path of scenario.cleanup ?? []) await client.send({ method: 'DELETE', path: fill(path, namespace, raw) });
    await client.send({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}` });
  }
  return { namespace, answers };
}

async function sendStep(client: FidelityClient, step: FidelityStep, ns: string, raw: Map<string, FidelityResponse>): Promise<FidelityResponse> {
  const body = step.body === undefined ? undefined : typeof step.body === 'string' ? fill(step.body, ns, raw) : JSON.stringify(fillValue(step.body, ns, raw));
  const contentType = step.contentType ?? (step.body !== undefined && typeof step.body !== 'string' ? 'application/json' : undefined);
  const req = { method: step.method, path: fill(step.path, ns, raw), body, contentType, accept: step.accept, token: step.token, maxEvents: step.watch?.maxEvents };
  if (!step.poll) return client.send(req);
  const deadline = Date.now() + step.poll.pollSeconds * 1000;
  for (;;) {
    const res = await client.send(req);
    if (step.poll.until(res.status, res.json) || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const PLACEHOLDER = /\{(ns|rv:[\w.-]+)\}/g;

function fill(text: string, ns: string, raw: Map<string, FidelityResponse>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    if (name === 'ns') return ns;
    const step = name.slice(3);
    const res = raw.get(step);
    if (!res) throw new Error(`placeholder {${name}}: no earlier step ${step}`);
    const rv = resourceVersionOf(res.json);
    if (rv === undefined) throw new Error(`placeholder {${name}}: the answer of step ${step} carries no resourceVersion`);
    return rv;
  });
}

function fillValue(value: unknown, ns: string, raw: Map<string, FidelityResponse>): unknown {
  if (typeof value === 'string') return fill(value, ns, raw);
  if (Array.isArray(value)) return value.map((v) => fillValue(v, ns, raw));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillValue(v, ns, raw)]));
  return value;
}

function resourceVersionOf(json: unknown): string | undefined {
  const j = json as { metadata?: { resourceVersion?: string }; object?: { metadata?: { resourceVersion?: string } } } | unknown[] | undefined;
  if (Array.isArray(j)) return resourceVersionOf(j[j.length - 1]);
  return j?.metadata?.resourceVersion ?? j?.object?.metadata?.resourceVersion;
}
