// Advanced StatefulSet manifests and writes for the scenarios (apps.kruise.io/v1beta1), written out in
// full (no webhook: the InPlaceUpdateReady readiness gate is in the template for in-place policies).
import type { Pod } from '../../src/api/index.js';
import type { RestClient } from '../../src/runtime/client/rest-client.js';
import type { ResourceType } from '../../src/runtime/workload-definition.js';

export const STATEFULSETS: ResourceType = { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true };

export interface StatefulSetParams {
  name: string;
  namespace: string;
  replicas: number;
  image: string;
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  /** scaleStrategy.maxUnavailable */
  scaleMaxUnavailable?: number | string;
  podUpdatePolicy?: 'ReCreate' | 'InPlaceIfPossible';
  /** rollingUpdate.maxUnavailable */
  maxUnavailable?: number | string;
  gracePeriodSeconds?: number;
  /** Pod terminationGracePeriodSeconds. @default 30 */
  terminationGracePeriodSeconds?: number;
}

export function statefulSetManifest(p: StatefulSetParams): Record<string, unknown> {
  const inPlace = p.podUpdatePolicy === 'InPlaceIfPossible';
  return {
    apiVersion: STATEFULSETS.apiVersion,
    kind: 'StatefulSet',
    metadata: { name: p.name, namespace: p.namespace },
    spec: {
      replicas: p.replicas,
      serviceName: p.name,
      podManagementPolicy: p.podManagementPolicy,
      selector: { matchLabels: { app: p.name } },
      ...(p.scaleMaxUnavailable !== undefined ? { scaleStrategy: { maxUnavailable: p.scaleMaxUnavailable } } : {}),
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          podUpdatePolicy: p.podUpdatePolicy ?? 'ReCreate',
          maxUnavailable: p.maxUnavailable ?? 1,
          ...(inPlace && p.gracePeriodSeconds !== undefined ? { inPlaceUpdateStrategy: { gracePeriodSeconds: p.gracePeriodSeconds } } : {}),
        },
      },
      template: {
        metadata: { labels: { app: p.name } },
        spec: {
          ...(inPlace ? { readinessGates: [{ conditionType: 'InPlaceUpdateReady' }] } : {}),
          terminationGracePeriodSeconds: p.terminationGracePeriodSeconds ?? 30,
          containers: [{ name: 'main', image: p.image }],
        },
      },
    },
  };
}

export function createStatefulSet(client: RestClient, p: StatefulSetParams): Promise<unknown> {
  return client.create(STATEFULSETS, statefulSetManifest(p) as never);
}

/** Changes the image (a rollout): a merge patch of the template's only container. */
export function setImage(client: RestClient, namespace: string, name: string, image: string): Promise<unknown> {
  return client.patch(STATEFULSETS, namespace, name, 'json', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }]);
}

export function podImage(pod: Pod): string | undefined {
  return pod.spec?.containers?.[0]?.image;
}

/** Ready and running the image (the runtime reports the new image only once the container restarted). */
export function runsImage(image: string): (pod: Pod) => boolean {
  return (pod) => podImage(pod) === image && (pod.status?.containerStatuses?.[0]?.image ?? image) === image;
}
