// Per-kind semantics as kube-apiserver 1.26.5 has them (each checked against it): which kinds carry
// metadata.generation and what bumps it, delete answers (200 with the object while it stays, 202 only for
// orphanDependents=false, Status Success or the pod once gone), no finalizer added during deletion, pod spec
// validation, /scale validation, the autoscaling group in discovery and the 1.26.5 version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generationChanged, generationPolicy } from '../../../src/cluster/apiserver/generation.js';
import { startApiServer, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { podSpecProblems } from '../../../src/cluster/apiserver/pod-validation.js';
import { apiClient, type ApiClient } from './http-client.js';

const MERGE = 'application/merge-patch+json';
const def = (group: string, plural: string, crd = false, status = true) => ({ group, plural, status, crd: crd ? ({} as never) : undefined });

describe('generation policy per kind', () => {
  it('none for pods, configmaps, namespaces and controller revisions; spec for apps, batch, CRDs; webhooks for configurations', () => {
    expect(generationPolicy(def('', 'pods'))).toBeUndefined();
    expect(generationPolicy(def('', 'configmaps', false, false))).toBeUndefined();
    expect(generationPolicy(def('', 'namespaces'))).toBeUndefined();
    expect(generationPolicy(def('apps', 'controllerrevisions', false, false))).toBeUndefined();
    expect(generationPolicy(def('apps', 'deployments'))).toEqual({ fields: ['spec'] });
    expect(generationPolicy(def('batch', 'jobs'))).toEqual({ fields: ['spec'] });
    expect(generationPolicy(def('apiextensions.k8s.io', 'customresourcedefinitions'))).toEqual({ fields: ['spec'] });
    expect(generationPolicy(def('admissionregistration.k8s.io', 'validatingwebhookconfigurations', false, false))).toEqual({ fields: ['webhooks'] });
  });

  it('a custom resource: status counts only without a status subresource', () => {
    const old = { apiVersion: 'x/v1', kind: 'W', metadata: { name: 'w' }, spec: { a: 1 }, status: { p: 'A' } };
    const statusChanged = { ...old, status: { p: 'B' } };
    const labelled = { ...old, metadata: { name: 'w', labels: { x: 'y' } } };
    expect(generationChanged(generationPolicy(def('x', 'ws', true, true))!, old, statusChanged)).toBe(false);
    expect(generationChanged(generationPolicy(def('x', 'ws', true, false))!, old, statusChanged)).toBe(true);
    expect(generationChanged(generationPolicy(def('x', 'ws', true, false))!, old, labelled)).toBe(false);
    expect(generationChanged(generationPolicy(def('x', 'ws', true, true))!, old, { ...old, spec: { a: 2 } })).toBe(true);
  });
});

describe('pod spec validation', () => {
  it('reports every problem in the real server\'s order', () => {
    const problems = podSpecProblems({
      restartPolicy: 'Sometimes', dnsPolicy: 'Bogus', activeDeadlineSeconds: 0,
      containers: [{ name: 'c', imagePullPolicy: 'X' }, { name: 'c', image: 'y', ports: [{ containerPort: 0 }] }, { name: 'C_1', image: 'z' }],
    });
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'spec.containers[0].image: Required value',
      'spec.containers[0].imagePullPolicy: Unsupported value: "X": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[1].name: Duplicate value: "c"',
      'spec.containers[1].ports[0].containerPort: Required value',
      `spec.containers[2].name: Invalid value: "C_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Bogus": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    ]);
    expect(podSpecProblems({ containers: [] })).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }]);
  });
});

describe('over HTTP', () => {
  let server: ApiServerHandle;
  let api: ApiClient;
  const NS = '/api/v1/namespaces/default';
  const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
  const ASTS = '/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets';
  const deployment = { metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
  beforeAll(async () => {
    server = await startApiServer({});
    api = apiClient(server);
  });
  afterAll(async () => {
    api.close();
    await server.stop();
  });

  it('generation: absent on ConfigMaps and Pods; a Deployment moves on spec (and scale) changes only; Kruise kinds keep theirs', async () => {
    expect((await api.post(`${NS}/configmaps`, { metadata: { name: 'g' } })).json.metadata.generation).toBeUndefined();
    expect((await api.post(`${NS}/pods`, { metadata: { name: 'g' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })).json.metadata.generation).toBeUndefined();
    expect((await api.post(DEPLOY, deployment)).json.metadata.generation).toBe(1);
    expect((await api.patch(`${DEPLOY}/web`, { metadata: { labels: { x: 'y' } } }, MERGE)).json.metadata.generation).toBe(1);
    expect((await api.patch(`${DEPLOY}/web/scale`, { spec: { replicas: 3 } }, MERGE)).status).toBe(200);
    expect((await api.get(`${DEPLOY}/web`)).json.metadata.generation).toBe(2);
    const sts = { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'k' }, spec: { replicas: 1, selector: { matchLabels: { a: 'k' } }, template: { metadata: { labels: { a: 'k' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    expect((await api.post(ASTS, sts)).json.metadata.generation).toBe(1);
    expect((await api.patch(`${ASTS}/k/status`, { status: { observedGeneration: 1, replicas: 1, availableReplicas: 0, currentReplicas: 0, readyReplicas: 0, updatedReplicas: 0 } }, MERGE)).json.metadata.generation).toBe(1);
    expect((await api.patch(`${ASTS}/k`, { spec: { replicas: 2 } }, MERGE)).json.metadata.generation).toBe(2);
  });

  it('delete: Status Success once gone, 200 with the object while a finalizer holds it, 202 only for orphanDependents=false', async () => {
    const cm = (await api.post(`${NS}/configmaps`, { metadata: { name: 'd1' } })).json;
    const gone = await api.delete(`${NS}/configmaps/d1`);
    expect(gone.status).toBe(200);
    expect(gone.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'd1', kind: 'configmaps', uid: cm.metadata.uid } });
    await api.post(`${NS}/configmaps`, { metadata: { name: 'd2', finalizers: ['example.com/hold'] } });
    const held = await api.delete(`${NS}/configmaps/d2`);
    expect(held.status).toBe(200);
    expect(held.json.metadata).toMatchObject({ deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] });
    const added = await api.patch(`${NS}/configmaps/d2`, { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } }, MERGE);
    expect(added.status).toBe(422);
    expect(added.json.message).toBe('ConfigMap "d2" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}');
    expect(added.json.details.causes).toHaveLength(2);
    const released = await api.patch(`${NS}/configmaps/d2`, { metadata: { finalizers: null } }, MERGE);
    expect(released.status).toBe(200);
    expect(released.json.metadata.finalizers).toBeUndefined();
    expect((await api.get(`${NS}/configmaps/d2`)).status).toBe(404);
    await api.post(`${NS}/configmaps`, { metadata: { name: 'd3', finalizers: ['example.com/hold'] } });
    expect((await api.delete(`${NS}/configmaps/d3`, { kind: 'DeleteOptions', apiVersion: 'v1', orphanDependents: false })).status).toBe(202);
    const fg = await api.delete(`${DEPLOY}/web?propagationPolicy=Foreground`);
    expect(fg.status).toBe(200);
    expect(fg.json.metadata.finalizers).toEqual(['foregroundDeletion']);
  });

  it('a pod removed at once answers the pod with grace 0; deletecollection answers the items as listed', async () => {
    await api.post(`${NS}/pods`, { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const res = await api.delete(`${NS}/pods/p`);
    expect(res.json).toMatchObject({ kind: 'Pod', metadata: { name: 'p', deletionGracePeriodSeconds: 0 } });
    expect(res.json.metadata.deletionTimestamp).toBeDefined();
    await api.post(`${NS}/configmaps`, { metadata: { name: 'c1', labels: { dc: 'y' } } });
    const all = await api.delete(`${NS}/configmaps?labelSelector=dc%3Dy`);
    expect(all.json.kind).toBe('ConfigMapList');
    expect(all.json.items.map((i: { metadata: { name: string; deletionTimestamp?: string } }) => [i.metadata.name, i.metadata.deletionTimestamp])).toEqual([['c1', undefined]]);
  });

  it('pods: containers: [] is 422 spec.containers Required; an update to an empty image reports the cause twice', async () => {
    const empty = await api.post(`${NS}/pods`, { metadata: { name: 'v' }, spec: { containers: [] } });
    expect(empty.status).toBe(422);
    expect(empty.json.message).toBe('Pod "v" is invalid: spec.containers: Required value');
    await api.post(`${NS}/pods`, { metadata: { name: 'u' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const update = await api.patch(`${NS}/pods/u`, { spec: { containers: [{ name: 'c', image: '' }] } }, 'application/strategic-merge-patch+json');
    expect(update.json.message).toBe('Pod "u" is invalid: spec.containers[0].image: Required value');
    expect(update.json.details.causes).toHaveLength(2);
  });

  it('/scale: Scale.autoscaling for a built-in kind; the custom resource itself (its kind, .spec.replicas) for a CR', async () => {
    await api.post(DEPLOY, { ...deployment, metadata: { name: 'web2' } });
    const builtIn = await api.patch(`${DEPLOY}/web2/scale`, { spec: { replicas: -1 } }, MERGE);
    expect(builtIn.json.message).toBe('Scale.autoscaling "web2" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    const sts = { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { replicas: 1, selector: { matchLabels: { a: 's' } }, template: { metadata: { labels: { a: 's' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    await api.post(ASTS, sts);
    const cr = await api.patch(`${ASTS}/s/scale`, { spec: { replicas: -3 } }, MERGE);
    expect(cr.status).toBe(422);
    expect(cr.json.details).toMatchObject({ name: 's', group: 'apps.kruise.io', kind: 'StatefulSet' });
    expect(cr.json.message).toContain('.spec.replicas: Invalid value: -3: should be a non-negative integer');
  });

  it('discovery serves autoscaling v2 (preferred) and v1 with horizontalpodautoscalers; /version is 1.26.5', async () => {
    const group = (await api.get('/apis/autoscaling')).json;
    expect(group.preferredVersion).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' });
    const v1 = (await api.get('/apis/autoscaling/v1')).json;
    expect(v1.resources[0]).toEqual({
      name: 'horizontalpodautoscalers', singularName: '', namespaced: true, kind: 'HorizontalPodAutoscaler',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['hpa'], categories: ['all'], storageVersionHash: 'oQlkt7f5j/A=',
    });
    expect((await api.get('/version')).json).toMatchObject({ major: '1', minor: '26', gitVersion: 'v1.26.5+kactor' });
  });
});
