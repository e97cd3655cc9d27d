// Namespaces: lifecycle rules (lifecycle.ts, finalize.ts, used by the object service) and the two
// kube-controller-manager loops the embedded server runs in-process over the object service — the namespace
// deleter (deleter.ts, content.ts, conditions.ts) and the per-namespace bootstrap (bootstrap.ts: default
// ServiceAccount, kube-root-ca.crt). Must not import http/: the loops write through the service, not HTTP.
import type { Clock } from '../../../api/clock.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { ObjectService } from '../service.js';
import { NamespaceBootstrap } from './bootstrap.js';
import { NamespaceDeleter } from './deleter.js';

export { finalizeNamespace } from './finalize.js';
export { rootCaConfigMap, ROOT_CA_CONFIGMAP, DEFAULT_SERVICE_ACCOUNT } from './bootstrap.js';

export interface NamespaceControllers {
  stop(): void;
}

/** Starts the namespace deleter and the per-namespace bootstrap; `caPem` is the CA kube-root-ca.crt publishes. */
export function startNamespaceControllers(service: ObjectService, registry: ResourceRegistry, options: { clock: Clock; caPem: string; resyncMs?: number }): NamespaceControllers {
  const bootstrap = new NamespaceBootstrap(service, registry, options.caPem);
  const deleter = new NamespaceDeleter(service, registry, { clock: options.clock, resyncMs: options.resyncMs });
  bootstrap.start();
  deleter.start();
  return {
    stop() {
      deleter.stop();
      bootstrap.stop();
    },
  };
}
