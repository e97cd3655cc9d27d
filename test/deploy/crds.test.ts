import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { crdVersionSchema, loadKruiseCrds } from '../../src/cluster/apiserver/schema/kruise-crds.js';
import { validateObject } from '../../src/cluster/apiserver/schema/validate.js';
import { renderCrdsYaml } from '../../src/cli/commands/crds.js';
import type { KubeObject } from '../../src/api/objects.js';

type Crd = KubeObject & {
  spec: {
    group: string; scope: string;
    names: { kind: string; plural: string; shortNames?: string[]; categories?: string[] };
    versions: { name: string; served: boolean; storage: boolean; subresources?: Record<string, unknown>; additionalPrinterColumns?: { name: string; type: string; jsonPath: string; priority?: number; description?: string }[] }[];
  };
};
const crds = loadKruiseCrds() as Crd[];
const byName = (n: string) => crds.find((c) => c.metadata?.name === n)!;
const fixtures = new URL('./fixtures/', import.meta.url);
const manifest = (file: string) => parse(readFileSync(new URL(file, fixtures), 'utf8')) as KubeObject;

function validate(obj: KubeObject) {
  const crd = crds.find((c) => c.spec.names.kind === obj.kind && obj.apiVersion?.startsWith('apps.kruise.io/'))!;
  const version = obj.apiVersion!.split('/')[1]!;
  return validateObject(crdVersionSchema(crd, version)!, obj);
}
const msgs = (r: { errors: { field: string; message: string }[] }) => r.errors.map((e) => `${e.field}: ${e.message}`);

describe('deploy/crds: the four Kruise CRDs', () => {
  it('are exactly statefulsets, daemonsets, broadcastjobs and advancedcronjobs of apps.kruise.io, namespaced, without categories', () => {
    expect(crds.map((c) => c.metadata!.name).sort()).toEqual([
      'advancedcronjobs.apps.kruise.io', 'broadcastjobs.apps.kruise.io', 'daemonsets.apps.kruise.io', 'statefulsets.apps.kruise.io',
    ]);
    for (const c of crds) {
      expect(c.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect(c.spec.group).toBe('apps.kruise.io');
      expect(c.spec.scope).toBe('Namespaced');
      expect(c.spec.names.categories).toBeUndefined();
      expect(c.spec.versions.filter((v) => v.storage)).toHaveLength(1);
    }
  });

  it.each([
    ['statefulsets.apps.kruise.io', ['sts', 'asts'], ['v1alpha1', 'v1beta1'], 'v1beta1'],
    ['daemonsets.apps.kruise.io', ['daemon', 'ads'], ['v1alpha1'], 'v1alpha1'],
    ['broadcastjobs.apps.kruise.io', ['bcj'], ['v1alpha1'], 'v1alpha1'],
    ['advancedcronjobs.apps.kruise.io', ['acj'], ['v1alpha1'], 'v1alpha1'],
  ])('%s has short names %j, serves %j and stores %s', (name, shortNames, served, storage) => {
    const c = byName(name);
    expect(c.spec.names.shortNames).toEqual(shortNames);
    expect(c.spec.versions.filter((v) => v.served).map((v) => v.name)).toEqual(served);
    expect(c.spec.versions.find((v) => v.storage)!.name).toBe(storage);
  });

  it('StatefulSet has status and scale subresources on both versions; the others only status', () => {
    for (const v of byName('statefulsets.apps.kruise.io').spec.versions) {
      expect(v.subresources).toEqual({
        status: {},
        scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.labelSelector' },
      });
    }
    for (const n of ['daemonsets', 'broadcastjobs', 'advancedcronjobs']) {
      expect(byName(`${n}.apps.kruise.io`).spec.versions[0]!.subresources).toEqual({ status: {} });
    }
  });

  const cols = (name: string, version = 0) =>
    byName(name).spec.versions[version]!.additionalPrinterColumns!.map((c) => `${c.name}|${c.type}|${c.jsonPath}|${c.priority ?? 0}`);

  it('printer columns match the spec README, identical on both StatefulSet versions', () => {
    const sts = [
      'DESIRED|integer|.spec.replicas|0', 'CURRENT|integer|.status.replicas|0', 'UPDATED|integer|.status.updatedReplicas|0',
      'READY|integer|.status.readyReplicas|0', 'AGE|date|.metadata.creationTimestamp|0',
      'CONTAINERS|string|.spec.template.spec.containers[*].name|1', 'IMAGES|string|.spec.template.spec.containers[*].image|1',
    ];
    expect(cols('statefulsets.apps.kruise.io', 0)).toEqual(sts);
    expect(cols('statefulsets.apps.kruise.io', 1)).toEqual(sts);
    expect(cols('daemonsets.apps.kruise.io')).toEqual([
      'DESIRED|integer|.status.desiredNumberScheduled|0', 'CURRENT|integer|.status.currentNumberScheduled|0',
      'READY|integer|.status.numberReady|0', 'UP-TO-DATE|integer|.status.updatedNumberScheduled|0',
      'AVAILABLE|integer|.status.numberAvailable|0', 'AGE|date|.metadata.creationTimestamp|0',
      'CONTAINERS|string|.spec.template.spec.containers[*].name|1', 'IMAGES|string|.spec.template.spec.containers[*].image|1',
    ]);
    expect(cols('broadcastjobs.apps.kruise.io')).toEqual([
      'Desired|integer|.status.desired|0', 'Active|integer|.status.active|0', 'Succeeded|integer|.status.succeeded|0',
      'Failed|integer|.status.failed|0', 'AGE|date|.metadata.creationTimestamp|0',
    ]);
    expect(cols('advancedcronjobs.apps.kruise.io')).toEqual([
      'Schedule|string|.spec.schedule|0', 'Type|string|.status.type|0', 'LastScheduleTime|date|.status.lastScheduleTime|0',
      'AGE|date|.metadata.creationTimestamp|0',
    ]);
    for (const c of crds) for (const v of c.spec.versions) for (const col of v.additionalPrinterColumns!) expect(col.description).toBeTruthy();
    // Kruise's own wording, double space included
    const dsCols = byName('daemonsets.apps.kruise.io').spec.versions[0]!.additionalPrinterColumns!;
    expect(dsCols.slice(-2).map((c) => c.description)).toEqual(['The containers of currently  daemonset.', 'The images of currently advanced daemonset.']);
  });

  it('v1alpha1 StatefulSet lacks the v1beta1-only fields', () => {
    const alpha = crdVersionSchema(byName('statefulsets.apps.kruise.io'), 'v1alpha1')!.properties!.spec!.properties!;
    const beta = crdVersionSchema(byName('statefulsets.apps.kruise.io'), 'v1beta1')!.properties!.spec!.properties!;
    for (const f of ['reserveOrdinals', 'lifecycle', 'scaleStrategy', 'persistentVolumeClaimRetentionPolicy', 'ordinals', 'volumeClaimUpdateStrategy']) {
      expect(alpha[f]).toBeUndefined();
      expect(beta[f]).toBeDefined();
    }
  });
});

describe('deploy/crds: schemas accept the tutorial manifests unchanged', () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.yaml'));
  it.each(files)('%s validates with no errors and nothing pruned', (file) => {
    const obj = manifest(file);
    const r = validate(obj);
    expect(r.errors).toEqual([]);
    expect(r.pruned).toEqual([]);
    expect(r.object).toEqual(obj);
  });

  it('a field nested deep in a pod template survives (templates are schemaless)', () => {
    const obj = manifest('02-sts-RollingUpdate-InPlaceIfPossible.yaml');
    const spec = obj.spec as { template: { spec: Record<string, unknown> } };
    spec.template.spec.futureField = { x: 1 };
    const out = validate(obj).object as typeof obj;
    expect((out.spec as typeof spec).template.spec.futureField).toEqual({ x: 1 });
  });

  it('the StatefulSet status written by a controller validates', () => {
    const obj = { ...manifest('01-sts-RollingUpdate-Parallel.yaml'), status: { replicas: 5, readyReplicas: 5, availableReplicas: 5, currentReplicas: 5, updatedReplicas: 5, updatedReadyReplicas: 5, updatedAvailableReplicas: 5, currentRevision: 'web-1', updateRevision: 'web-1', collisionCount: 0, labelSelector: 'app=nginx', observedGeneration: 1 } };
    expect(validate(obj).errors).toEqual([]);
  });
});

describe('deploy/crds: schemas reject bad objects with the field path', () => {
  it('replicas of the wrong type', () => {
    const obj = manifest('01-sts-RollingUpdate-Parallel.yaml');
    (obj.spec as Record<string, unknown>).replicas = 'five';
    expect(msgs(validate(obj))).toEqual(['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']);
  });

  it('maxUnavailable must be an integer or a string', () => {
    const obj = manifest('01-sts-RollingUpdate-Parallel.yaml');
    (obj.spec as { updateStrategy: { rollingUpdate: Record<string, unknown> } }).updateStrategy.rollingUpdate.maxUnavailable = true;
    expect(msgs(validate(obj))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "boolean": spec.updateStrategy.rollingUpdate.maxUnavailable in body must be of type integer,string: "boolean"',
    ]);
  });

  it('selector and template are required for StatefulSet and DaemonSet', () => {
    for (const file of ['01-sts-RollingUpdate-Parallel.yaml', '03-daemonset-demo.yaml']) {
      const obj = manifest(file);
      delete (obj.spec as Record<string, unknown>).selector;
      delete (obj.spec as Record<string, unknown>).template;
      expect(msgs(validate(obj))).toEqual(['spec.selector: Required value', 'spec.template: Required value']);
    }
  });

  it('BroadcastJob requires a template; AdvancedCronJob a schedule and a template', () => {
    const bcj = manifest('06-BroadcastJob.yaml');
    delete (bcj.spec as Record<string, unknown>).template;
    expect(msgs(validate(bcj))).toEqual(['spec.template: Required value']);
    const acj = manifest('07-acj-demo1.yaml');
    acj.spec = {};
    expect(msgs(validate(acj))).toEqual(['spec.schedule: Required value', 'spec.template: Required value']);
  });

  it('AdvancedCronJob concurrencyPolicy "Sometimes" is not supported', () => {
    const acj = manifest('07-acj-demo1.yaml');
    (acj.spec as Record<string, unknown>).concurrencyPolicy = 'Sometimes';
    const r = validate(acj);
    expect(msgs(r)).toEqual(['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']);
  });

  it('AdvancedCronJob history limits and starting deadline have no schema minimum (as Kruise v1.8.4: its webhook rejects negatives)', () => {
    const acj = manifest('07-acj-demo1.yaml');
    Object.assign(acj.spec as object, { successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: 0, startingDeadlineSeconds: -30 });
    expect(msgs(validate(acj))).toEqual([]);
  });

  it('the broadcastJobTemplate spec inside an AdvancedCronJob is typed', () => {
    const acj = manifest('07-acj-demo1.yaml');
    (acj.spec as { template: { broadcastJobTemplate: { spec: { completionPolicy: Record<string, unknown> } } } }).template.broadcastJobTemplate.spec.completionPolicy.ttlSecondsAfterFinished = '30';
    expect(msgs(validate(acj))).toEqual([
      'spec.template.broadcastJobTemplate.spec.completionPolicy.ttlSecondsAfterFinished: Invalid value: "string": spec.template.broadcastJobTemplate.spec.completionPolicy.ttlSecondsAfterFinished in body must be of type integer: "string"',
    ]);
  });

  it('reserveOrdinals items are int-or-string', () => {
    const obj = manifest('01-sts-RollingUpdate-Parallel.yaml');
    (obj.spec as Record<string, unknown>).reserveOrdinals = [1, '3-5', { a: 1 }];
    expect(msgs(validate(obj))).toEqual([
      'spec.reserveOrdinals[2]: Invalid value: "object": spec.reserveOrdinals[2] in body must be of type integer,string: "object"',
    ]);
  });

  it('unknown spec fields are pruned and reported', () => {
    const obj = manifest('03-daemonset-demo.yaml');
    (obj.spec as Record<string, unknown>).replicas = 3;
    const r = validate(obj);
    expect(r.errors).toEqual([]);
    expect(r.pruned).toEqual(['spec.replicas']);
  });
});

describe('deploy/crds YAML reads the same for kubectl (YAML 1.1) as for us (YAML 1.2)', () => {
  it.each(readdirSync(new URL('../../deploy/crds/', import.meta.url)).filter((f) => f.endsWith('.yaml')))('%s', (file) => {
    const text = readFileSync(new URL(`../../deploy/crds/${file}`, import.meta.url), 'utf8');
    const v12 = parseAllDocuments(text).map((d) => d.toJS());
    const v11 = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
    expect(v11).toEqual(v12);
  });
});

describe('kactor crds', () => {
  it('prints every CRD once as a multi-document YAML stream equal to the files', () => {
    const docs = parseAllDocuments(renderCrdsYaml()).map((d) => d.toJS());
    expect(docs).toHaveLength(4);
    expect(docs).toEqual(crds);
  });
});
