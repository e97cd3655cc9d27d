// Loading cluster access: a kubeconfig file (or $KUBECONFIG / ~/.kube/config), else the in-cluster
// service account. Returns client-node's KubeConfig, from which the REST client takes TLS and auth.
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RuntimeOptionsError } from '../errors.js';

/**
 * `path` given → that file. Otherwise $KUBECONFIG or ~/.kube/config when present, else in-cluster
 * (KUBERNETES_SERVICE_HOST + the mounted service-account token).
 */
export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) {
    if (!existsSync(path)) throw new RuntimeOptionsError(`kubeconfig ${path} does not exist`);
    kc.loadFromFile(path);
  } else if (process.env.KUBECONFIG || existsSync(join(homedir(), '.kube', 'config'))) {
    kc.loadFromDefault();
  } else if (process.env.KUBERNETES_SERVICE_HOST) {
    kc.loadFromCluster();
  } else {
    throw new RuntimeOptionsError('no kubeconfig: pass --kubeconfig, set $KUBECONFIG, or run in a cluster');
  }
  if (!kc.getCurrentCluster()) throw new RuntimeOptionsError(`kubeconfig ${path ?? '(default)'} has no current cluster`);
  return kc;
}
