// The admission webhooks kactor serves, as OpenKruise v1.8.4 registers them for the four workloads:
// webhook names (shown in every denial: `admission webhook "vstatefulset.kb.io" denied the request: …`),
// URL paths, and the rules (group, versions, resource, operations). Data only.
import { admission, type WorkloadAdmission } from '../workloads/index.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface WebhookRoute {
  /** Webhook name as Kruise registers it, e.g. `mstatefulset.kb.io`. */
  name: string;
  path: string;
  type: 'mutating' | 'validating';
  group: string;
  /** Versions the rule matches (the Advanced StatefulSet is served as v1alpha1 and v1beta1). */
  versions: string[];
  resource: string;
  operations: AdmissionOperation[];
  admission: WorkloadAdmission;
}

interface KindFacts {
  resource: string;
  versions: string[];
  /** Path suffix after `/mutate-` or `/validate-`. */
  pathSuffix: string;
  /** The validating webhook also sees deletes (Kruise's deletion protection; gate off by default). */
  validateDelete: boolean;
}

const FACTS: Record<string, KindFacts> = {
  StatefulSet: { resource: 'statefulsets', versions: ['v1alpha1', 'v1beta1'], pathSuffix: 'apps-kruise-io-statefulset', validateDelete: true },
  DaemonSet: { resource: 'daemonsets', versions: ['v1alpha1'], pathSuffix: 'apps-kruise-io-v1alpha1-daemonset', validateDelete: false },
  BroadcastJob: { resource: 'broadcastjobs', versions: ['v1alpha1'], pathSuffix: 'apps-kruise-io-v1alpha1-broadcastjob', validateDelete: false },
  AdvancedCronJob: { resource: 'advancedcronjobs', versions: ['v1alpha1'], pathSuffix: 'apps-kruise-io-v1alpha1-advancedcronjob', validateDelete: false },
};

/** Every webhook route, mutating first, for the given workload admissions (default: the four kinds). */
export function webhookRoutes(admissions: readonly WorkloadAdmission[] = admission): WebhookRoute[] {
  const routes: WebhookRoute[] = [];
  for (const type of ['mutating', 'validating'] as const) {
    for (const a of admissions) {
      const facts = FACTS[a.kind];
      if (!facts) throw new Error(`no webhook facts for kind ${a.kind}`);
      routes.push({
        name: type === 'mutating' ? a.mutatingName : a.validatingName,
        path: `/${type === 'mutating' ? 'mutate' : 'validate'}-${facts.pathSuffix}`,
        type,
        group: a.group,
        versions: facts.versions,
        resource: facts.resource,
        operations: type === 'validating' && facts.validateDelete ? ['CREATE', 'UPDATE', 'DELETE'] : ['CREATE', 'UPDATE'],
        admission: a,
      });
    }
  }
  return routes;
}
