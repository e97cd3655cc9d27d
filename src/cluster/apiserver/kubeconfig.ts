// The kubeconfig the server writes for its clients: cluster, user and context all named "kactor",
// CA data inline, bearer token; written with mode 0600.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export function kubeconfigYaml(server: string, caPem: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kactor', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: 'kactor', user: { token } }],
    contexts: [{ name: 'kactor', context: { cluster: 'kactor', user: 'kactor', namespace: 'default' } }],
    'current-context': 'kactor',
    preferences: {},
  });
}

export function writeKubeconfig(path: string, server: string, caPem: string, token: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(server, caPem, token), { mode: 0o600 });
  chmodSync(path, 0o600);
}
