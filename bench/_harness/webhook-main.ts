// Bench-only webhook entry, run in a CHILD process (its own event loop, as `kactor run` is on a cluster):
// serves kactor's admission webhooks for the API server of a kubeconfig on a free loopback port, registers
// the webhook configurations, prints one JSON line `{"ready":true,"url":…}` on stdout, stops on SIGTERM or when stdin closes.
// Usage: node --import tsx bench/_harness/webhook-main.ts --kubeconfig K [--namespace NS]
import { parseArgs } from 'node:util';
import { loadKubeConfig } from '../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../src/runtime/client/rest-client.js';
import { startWebhooks } from '../../src/webhook/index.js';

const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, namespace: { type: 'string', default: 'kube-system' } } });
const client = await RestClient.fromKubeConfig(loadKubeConfig(values.kubeconfig), { maxSockets: 2 });
const handle = await startWebhooks({ client, port: 0, namespace: values.namespace });
client.close();
process.stdout.write(JSON.stringify({ ready: true, url: handle.url }) + '\n');
process.once('SIGTERM', () => void handle.close().then(() => process.exit(0)));
// The bench holds our stdin open: when it dies, so do we.
process.stdin.resume();
process.stdin.once('end', () => process.exit(0));
