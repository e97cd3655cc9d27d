// The built-in resource types the embedded server serves (a subset of a real cluster's, stored only:
// no built-in controller runs here — the simulated nodes and kactor's own controllers are API clients).
import type { ResourceDef } from './resources.js';

interface Spec {
  group?: string;
  version?: string;
  /** Several served versions, the storage one first (objects are relabelled, not converted, between them). */
  versions?: string[];
  kind: string;
  plural: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  scale?: boolean;
  extra?: ResourceDef['extraSubresources'];
  verbs?: string[];
}

function def(s: Spec): ResourceDef {
  return {
    group: s.group ?? '',
    versions: s.versions ?? [s.version ?? 'v1'],
    kind: s.kind,
    listKind: `${s.kind}List`,
    plural: s.plural,
    singular: s.kind.toLowerCase(),
    namespaced: s.namespaced ?? true,
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    status: s.status ?? false,
    scale: s.scale ? { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } : undefined,
    extraSubresources: s.extra,
    verbs: s.verbs,
  };
}

export const BUILTIN_RESOURCES: ResourceDef[] = [
  def({
    kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], status: true,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], extra: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
  }),
  def({ kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], status: true }),
  def({
    kind: 'Pod', plural: 'pods', shortNames: ['po'], categories: ['all'], status: true,
    extra: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    ],
  }),
  def({ kind: 'Event', plural: 'events', shortNames: ['ev'] }),
  def({ kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] }),
  def({ kind: 'Secret', plural: 'secrets' }),
  def({ kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'] }),
  def({ kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', shortNames: ['pvc'], status: true }),
  def({ kind: 'Service', plural: 'services', shortNames: ['svc'], categories: ['all'], status: true }),
  def({ kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'] }),
  def({ group: 'events.k8s.io', kind: 'Event', plural: 'events', shortNames: ['ev'] }),
  def({ group: 'apps', kind: 'ControllerRevision', plural: 'controllerrevisions' }),
  def({ group: 'apps', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], categories: ['all'], status: true, scale: true }),
  def({ group: 'apps', kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], categories: ['all'], status: true }),
  def({ group: 'apps', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], status: true, scale: true }),
  def({ group: 'apps', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], status: true, scale: true }),
  def({ group: 'batch', kind: 'Job', plural: 'jobs', categories: ['all'], status: true }),
  def({ group: 'batch', kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj'], categories: ['all'], status: true }),
  // Stored only (no autoscaler runs): discovery shows autoscaling/v2 and v1 as kube-apiserver 1.26 does.
  def({ group: 'autoscaling', versions: ['v1', 'v2'], kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', shortNames: ['hpa'], categories: ['all'], status: true }),
  def({ group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases' }),
  def({ group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', namespaced: false, categories: ['api-extensions'] }),
  def({ group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', namespaced: false, categories: ['api-extensions'] }),
  def({ group: 'policy', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', shortNames: ['pdb'], status: true }),
  def({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false }),
  def({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false }),
  def({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', plural: 'rolebindings' }),
  def({ group: 'rbac.authorization.k8s.io', kind: 'Role', plural: 'roles' }),
  // Reviews are answered, never stored (authorization/reviews.ts).
  def({ group: 'authorization.k8s.io', kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews', verbs: ['create'] }),
  def({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, verbs: ['create'] }),
  def({ group: 'authorization.k8s.io', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, verbs: ['create'] }),
  def({ group: 'authorization.k8s.io', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', namespaced: false, verbs: ['create'] }),
  def({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], status: true }),
];

/** Namespaces every fresh cluster has. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
