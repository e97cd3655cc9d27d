// The webhook answers AdmissionReviews as Kruise's webhooks do: Kruise's names, paths and rules; defaults
// as a JSONPatch that yields exactly what the in-process admission stores; denials with code 422 and the
// message the embedded API server gives.
import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/index.js';
import { answerReview, decide, parseReview, webhookRoutes, type AdmissionRequest } from '../../src/webhook/index.js';
import { admission } from '../../src/workloads/index.js';

const routes = webhookRoutes();
const route = (name: string) => routes.find((r) => r.name === name)!;

const sts = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps.kruise.io/v1beta1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
    ...spec,
  },
});

const request = (operation: string, object: KubeObject | null, oldObject?: KubeObject): AdmissionRequest => ({ uid: 'u-1', operation, object, oldObject });

function patched(obj: KubeObject, patch: string | undefined): KubeObject {
  if (!patch) return obj;
  const ops = JSON.parse(Buffer.from(patch, 'base64').toString('utf8')) as jsonpatch.Operation[];
  return jsonpatch.applyPatch(structuredClone(obj), ops).newDocument;
}

describe('webhook routes: Kruise v1.8.4 config/webhook/manifests.yaml', () => {
  it('registers the names, paths, versions and operations Kruise registers for the four kinds', () => {
    expect(routes.map((r) => [r.name, r.path, r.versions.join(','), r.resource, r.operations.join(',')])).toEqual([
      ['mstatefulset.kb.io', '/mutate-apps-kruise-io-statefulset', 'v1alpha1,v1beta1', 'statefulsets', 'CREATE,UPDATE'],
      ['mdaemonset.kb.io', '/mutate-apps-kruise-io-v1alpha1-daemonset', 'v1alpha1', 'daemonsets', 'CREATE,UPDATE'],
      ['mbroadcastjob.kb.io', '/mutate-apps-kruise-io-v1alpha1-broadcastjob', 'v1alpha1', 'broadcastjobs', 'CREATE,UPDATE'],
      ['madvancedcronjob.kb.io', '/mutate-apps-kruise-io-v1alpha1-advancedcronjob', 'v1alpha1', 'advancedcronjobs', 'CREATE,UPDATE'],
      ['vstatefulset.kb.io', '/validate-apps-kruise-io-statefulset', 'v1alpha1,v1beta1', 'statefulsets', 'CREATE,UPDATE,DELETE'],
      ['vdaemonset.kb.io', '/validate-apps-kruise-io-v1alpha1-daemonset', 'v1alpha1', 'daemonsets', 'CREATE,UPDATE'],
      ['vbroadcastjob.kb.io', '/validate-apps-kruise-io-v1alpha1-broadcastjob', 'v1alpha1', 'broadcastjobs', 'CREATE,UPDATE'],
      ['vadvancedcronjob.kb.io', '/validate-apps-kruise-io-v1alpha1-advancedcronjob', 'v1alpha1', 'advancedcronjobs', 'CREATE,UPDATE'],
    ]);
    expect(new Set(routes.map((r) => r.group))).toEqual(new Set(['apps.kruise.io']));
  });
});

describe('mutating webhook', () => {
  it('returns a JSONPatch that turns the object received into what the in-process defaulting stores', () => {
    const obj = sts();
    const res = decide(route('mstatefulset.kb.io'), request('CREATE', obj));
    expect(res).toMatchObject({ uid: 'u-1', allowed: true, patchType: 'JSONPatch' });
    const stored = patched(obj, res.patch);
    expect(stored).toEqual(admission.find((a) => a.kind === 'StatefulSet')!.mutate(structuredClone(obj), undefined));
    expect((stored.spec as { updateStrategy: unknown }).updateStrategy).toMatchObject({ type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'ReCreate' } });
    expect((stored.spec as { revisionHistoryLimit: number }).revisionHistoryLimit).toBe(10);
  });

  it('answers allowed with no patch when the object is already defaulted', () => {
    const once = patched(sts(), decide(route('mstatefulset.kb.io'), request('CREATE', sts())).patch);
    const res = decide(route('mstatefulset.kb.io'), request('UPDATE', once, once));
    expect(res).toEqual({ uid: 'u-1', allowed: true });
  });

  it('fills AdvancedCronJob defaults (concurrencyPolicy Allow, history limits, paused false)', () => {
    const acj: KubeObject = {
      apiVersion: 'apps.kruise.io/v1alpha1', kind: 'AdvancedCronJob', metadata: { name: 'acj', namespace: 'default' },
      spec: { schedule: '*/1 * * * *', template: { broadcastJobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } } },
    };
    const stored = patched(acj, decide(route('madvancedcronjob.kb.io'), request('CREATE', acj)).patch);
    expect(stored.spec).toMatchObject({ concurrencyPolicy: 'Allow', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, paused: false });
  });

  it('leaves deletes and subresource writes alone', () => {
    expect(decide(route('mstatefulset.kb.io'), request('DELETE', null, sts()))).toEqual({ uid: 'u-1', allowed: true });
    expect(decide(route('mstatefulset.kb.io'), { ...request('UPDATE', sts(), sts()), subResource: 'status' })).toEqual({ uid: 'u-1', allowed: true });
  });
});

describe('validating webhook', () => {
  it('denies an invalid spec as Kruise does: code 422 and the field errors\' message, no reason', () => {
    const obj = admission[0]!.mutate(sts({ podManagementPolicy: 'Parallel', updateStrategy: { rollingUpdate: { maxUnavailable: '200%' } } }), undefined);
    const res = decide(route('vstatefulset.kb.io'), request('CREATE', obj));
    expect(res.allowed).toBe(false);
    expect(res.status).toEqual({ code: 422, message: 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "200%": must not be greater than 100%' });
  });

  it('lists several problems as [a, b], as an aggregate error prints', () => {
    const acj: KubeObject = { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'AdvancedCronJob', metadata: { name: 'acj', namespace: 'default' }, spec: { schedule: '61 * * * *' } };
    const res = decide(route('vadvancedcronjob.kb.io'), request('CREATE', acj));
    expect(res.allowed).toBe(false);
    expect(res.status!.message).toMatch(/^\[spec\.schedule: Invalid value: "61 \* \* \* \*": .*, spec\.template: Forbidden: spec must have one template/);
  });

  it('checks updates against the old object (immutable fields)', () => {
    const old = admission[0]!.mutate(sts(), undefined);
    const changed = structuredClone(old);
    (changed.spec as Record<string, unknown>).serviceName = 'other';
    const res = decide(route('vstatefulset.kb.io'), request('UPDATE', changed, old));
    expect(res.allowed).toBe(false);
    expect(res.status!.message).toMatch(/^spec: Forbidden: updates to statefulset spec for fields other than/);
  });

  it('allows a StatefulSet delete (deletion protection is gated off, as in Kruise by default)', () => {
    expect(decide(route('vstatefulset.kb.io'), request('DELETE', null, sts())).allowed).toBe(true);
  });
});

describe('review envelope', () => {
  it('answers in the apiVersion it was asked in, with the request uid', () => {
    for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
      const review = parseReview(JSON.stringify({ apiVersion, kind: 'AdmissionReview', request: request('CREATE', sts()) }));
      const answer = answerReview(route('vstatefulset.kb.io'), review);
      expect(answer).toMatchObject({ apiVersion, kind: 'AdmissionReview', response: { uid: 'u-1' } });
    }
  });

  it('rejects what is not an AdmissionReview with a reason', () => {
    expect(() => parseReview('{')).toThrow(/not JSON/);
    expect(() => parseReview(JSON.stringify({ apiVersion: 'v1', kind: 'Pod' }))).toThrow(/must be an AdmissionReview of admission.k8s.io\/v1 or v1beta1/);
    expect(() => parseReview(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }))).toThrow(/request with uid and operation is required/);
  });

  it('answers 400-style when a create carries no object', () => {
    expect(decide(route('vstatefulset.kb.io'), request('CREATE', null))).toMatchObject({ allowed: false, status: { code: 400 } });
  });
});
