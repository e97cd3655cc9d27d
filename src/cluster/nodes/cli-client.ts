// The REST client the node commands use (the runtime's keep-alive client, from a kubeconfig path).
import { loadKubeConfig } from '../../runtime/client/kubeconfig.js';
import { RestClient } from '../../runtime/client/rest-client.js';

export async function buildNodeClient(kubeconfigPath: string): Promise<RestClient> {
  return RestClient.fromKubeConfig(loadKubeConfig(kubeconfigPath), { maxSockets: 4, userAgent: 'kactor-node', fieldManager: 'kactor-node' });
}
