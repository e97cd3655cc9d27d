// compare-admission: sending the same things to both servers — the namespace, the corpus seeds (their
// persisted specs compared like the tutorial's), each corpus case, and each tutorial manifest dry-run.
import type { BadInputCase } from '../../test/bad-input/corpus.js';
import { httpAnswer, kubectlAnswer, normalise, sameAnswer, type Answer, type NormaliseContext } from './answers.js';
import { caseInput, seedsIn } from './cases.js';
import { CLASSIFICATIONS } from './classes.js';
import { collectionPath, diffSpecs, inNs, type Manifest } from './defaults.js';
import type { CaseResult, DefaultsResult } from './report.js';
import type { Target } from './targets.js';

export interface Pair {
  real: Target;
  embedded: Target;
}

const JSON_TYPE = 'application/json';

export async function createNamespace(pair: Pair, ns: string): Promise<void> {
  for (const t of [pair.real, pair.embedded]) {
    const res = await t.send({ method: 'POST', path: '/api/v1/namespaces', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }), contentType: JSON_TYPE });
    if (res.status !== 201) throw new Error(`creating namespace ${ns} on the ${t.name} server: ${res.status} ${res.text.slice(0, 300)}`);
  }
}

export async function deleteNamespace(t: Target, ns: string): Promise<string> {
  const res = await t.send({ method: 'DELETE', path: `/api/v1/namespaces/${ns}` });
  return res.status < 300 ? `namespace ${ns} deleted on the ${t.name} server` : `deleting namespace ${ns} on the ${t.name} server: ${res.status} ${res.text.slice(0, 200)}`;
}

/** The metadata a mutating webhook may add: labels, annotations, finalizers. */
const addedMetadata = (obj: any) => ({ labels: obj?.metadata?.labels, annotations: obj?.metadata?.annotations, finalizers: obj?.metadata?.finalizers });

function defaultsResult(id: string, files: string[], realRes: { status: number; json: any }, embRes: { status: number; json: any }, real: Answer, embedded: Answer): DefaultsResult {
  const key = `defaults:${id}`;
  if (realRes.status >= 300 || embRes.status >= 300) {
    return { id, files, real, embedded, same: sameAnswer(real, embedded), classification: CLASSIFICATIONS[key] };
  }
  const differences = [...diffSpecs(realRes.json?.spec, embRes.json?.spec), ...diffSpecs(addedMetadata(realRes.json), addedMetadata(embRes.json), 'metadata')];
  return { id, files, real, embedded, differences, same: differences.length === 0, classification: CLASSIFICATIONS[key] };
}

/** Creates the corpus seeds on both servers (each must be created) and compares their stored specs. */
export async function seed(pair: Pair, ctx: NormaliseContext): Promise<DefaultsResult[]> {
  const out: DefaultsResult[] = [];
  for (const [path, obj] of seedsIn(ctx.namespace)) {
    const req = { method: 'POST' as const, path, body: JSON.stringify(obj), contentType: JSON_TYPE };
    const [r, e] = [await pair.real.send(req), await pair.embedded.send(req)];
    for (const [t, res] of [[pair.real, r], [pair.embedded, e]] as const) {
      if (res.status !== 201) throw new Error(`seeding ${path} on the ${t.name} server: ${res.status} ${res.text.slice(0, 300)}`);
    }
    if (!path.includes('/apis/apps.kruise.io/')) continue;
    out.push(defaultsResult(`corpus seed ${obj.kind}/${obj.metadata.name}`, ['test/bad-input/fixtures.ts'], r, e, httpAnswer(r, ctx), httpAnswer(e, ctx)));
  }
  return out;
}

async function answerOf(t: Target, c: BadInputCase, ctx: NormaliseContext): Promise<Answer> {
  const input = caseInput(c, ctx.namespace);
  if (input.kind === 'http') return httpAnswer(await t.send(input.request), ctx);
  return kubectlAnswer(await t.kubectl(input.args, input.stdin), ctx);
}

function sentOf(c: BadInputCase, ctx: NormaliseContext): string {
  const input = caseInput(c, ctx.namespace);
  if (input.kind === 'kubectl') return normalise(`kubectl ${input.args.join(' ')}`, ctx);
  const r = input.request;
  const credentials = r.authorization !== undefined ? ', own Authorization' : r.token === null ? ', no credentials' : r.token !== undefined ? ', own token' : '';
  const type = r.contentType && r.contentType !== JSON_TYPE ? `, ${r.contentType}` : '';
  return normalise(`${r.method} ${r.path}${type || credentials ? ` (${(type + credentials).slice(2)})` : ''}`, ctx);
}

export async function runCases(pair: Pair, cases: readonly BadInputCase[], ctx: NormaliseContext, progress: (line: string) => void): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) {
    const real = await answerOf(pair.real, c, ctx);
    const embedded = await answerOf(pair.embedded, c, ctx);
    const same = sameAnswer(real, embedded);
    progress(`${same ? 'SAME' : 'DIFF'} ${c.id}`);
    out.push({ id: c.id, group: c.group, rule: c.rule, sent: sentOf(c, ctx), real, embedded, same, reasonDiffers: same && real.reason !== embedded.reason, classification: CLASSIFICATIONS[c.id] });
  }
  return out;
}

export async function runDefaults(pair: Pair, manifests: readonly Manifest[], ctx: NormaliseContext, progress: (line: string) => void): Promise<DefaultsResult[]> {
  const out: DefaultsResult[] = [];
  for (const m of manifests) {
    const obj = inNs(m.object, ctx.namespace);
    const req = { method: 'POST' as const, path: `${collectionPath(obj, ctx.namespace)}?dryRun=All`, body: JSON.stringify(obj), contentType: JSON_TYPE };
    const r = await pair.real.send(req);
    const e = await pair.embedded.send(req);
    const result = defaultsResult(m.id, m.files, r, e, httpAnswer(r, ctx), httpAnswer(e, ctx));
    progress(`${result.same ? 'SAME' : 'DIFF'} defaults ${m.id}`);
    out.push(result);
  }
  return out;
}
