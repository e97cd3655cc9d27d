// The WorkloadDefinition the runtime hosts: resource, owned kinds, node watching, selector, planner.
import { describe, expect, it } from 'vitest';
import { daemonSetDefinition } from '../../../src/workloads/daemonset/index.js';
import { T0, makeDaemonSet, tutorialNodes } from './sim.js';

describe('daemonSetDefinition', () => {
  it('is apps.kruise.io/v1alpha1 DaemonSet (daemonsets), daemonset-controller, owning Pods and ControllerRevisions, watching nodes', () => {
    expect(daemonSetDefinition.resource).toEqual({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true });
    expect(daemonSetDefinition.controllerName).toBe('daemonset-controller');
    expect(daemonSetDefinition.owns.map((o) => `${o.apiVersion} ${o.kind} ${o.plural}`)).toEqual(['v1 Pod pods', 'apps/v1 ControllerRevision controllerrevisions']);
    expect(daemonSetDefinition.watchesNodes).toBe(true);
  });
  it('selects by spec.selector and plans a fresh DaemonSet into a revision and one pod per eligible node', () => {
    const ds = makeDaemonSet();
    expect(daemonSetDefinition.selectorOf!(ds)).toEqual({ matchLabels: { 'k8s-app': 'nginx' } });
    const plan = daemonSetDefinition.plan({ workload: ds, owned: {}, orphans: {}, nodes: tutorialNodes(), pending: [] }, T0);
    expect(plan.phases.flat().map((a) => (a.type === 'create' ? a.object.kind : a.type))).toEqual(['ControllerRevision', 'Pod', 'Pod']);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan); // plain data: survives JSON / structured clone
  });
});
