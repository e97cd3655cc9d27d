// `kactor node add|remove <name>`: creates or deletes a simulated Node object (labelled
// kactor.io/simulated=true); a running `kactor sim` picks it up because it watches nodes.
import type { Command } from 'commander';
import { buildNodeClient } from '../../cluster/nodes/cli-client.js';
import { createSimulatedNode, deleteNode, parseLabel, parseTaint } from '../../cluster/nodes/node-admin.js';
import { kubeconfigFrom } from './sim.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface AddFlags {
  kubeconfig?: string;
  label?: string[];
  taint?: string[];
  unschedulable?: boolean;
  controlPlane?: boolean;
  cpu?: string;
  memory?: string;
  pods?: string;
  zone?: string;
}

export function register(program: Command): void {
  const node = program.command('node').description('add or remove simulated nodes');
  node
    .command('add')
    .argument('<name>', 'node name')
    .description('create a simulated Node (a running `kactor sim` starts driving it)')
    .option('--kubeconfig <path>', 'kubeconfig of the API server (default $KUBECONFIG or ~/.kube/config)')
    .option('--label <k=v>', 'extra label (repeatable)', collect)
    .option('--taint <k=v:Effect>', 'taint (repeatable)', collect)
    .option('--unschedulable', 'create it cordoned')
    .option('--control-plane', 'control-plane role label and NoSchedule taint')
    .option('--cpu <q>', 'cpu capacity', '8')
    .option('--memory <q>', 'memory capacity', '32Gi')
    .option('--pods <n>', 'pods capacity', '110')
    .option('--zone <zone>', 'topology.kubernetes.io/zone')
    .action(async (name: string, flags: AddFlags) => {
      const client = await buildNodeClient(kubeconfigFrom(flags.kubeconfig));
      try {
        const created = await createSimulatedNode(client, name, {
          labels: Object.fromEntries((flags.label ?? []).map(parseLabel)),
          taints: (flags.taint ?? []).map(parseTaint),
          unschedulable: flags.unschedulable,
          controlPlane: flags.controlPlane,
          cpu: flags.cpu,
          memory: flags.memory,
          pods: flags.pods === undefined ? undefined : Number(flags.pods),
          zone: flags.zone,
        });
        process.stdout.write(created ? `node/${name} created\n` : `node/${name} unchanged (already exists)\n`);
      } finally {
        client.close();
      }
    });
  node
    .command('remove')
    .alias('rm')
    .argument('<name>', 'node name')
    .description('delete a Node (the simulator removes its pods)')
    .option('--kubeconfig <path>', 'kubeconfig of the API server (default $KUBECONFIG or ~/.kube/config)')
    .action(async (name: string, flags: { kubeconfig?: string }) => {
      const client = await buildNodeClient(kubeconfigFrom(flags.kubeconfig));
      try {
        const removed = await deleteNode(client, name);
        process.stdout.write(removed ? `node/${name} deleted\n` : `node/${name} not found\n`);
        if (!removed) process.exitCode = 1;
      } finally {
        client.close();
      }
    });
}
