// Fidelity scenarios: pods/log, pods/exec, pods/attach and pods/portforward where the API server answers
// by itself, before any kubelet is asked — option parsing and validation, the pod and container checks,
// a pod without a node (204 for logs, 400 for the streams), the allowed methods, discovery. (A pod on a node
// is answered by that node's kubelet: on the embedded server by the simulated kubelets, tested in
// test/cluster/apiserver/pod-log.test.ts.) Pods use `schedulerName: none` so the real cluster's scheduler
// leaves them unscheduled.
import type { FidelityScenario } from '../types.js';

const PODS = '/api/v1/namespaces/{ns}/pods';
const spec = (containers: string[], init: string[] = []) => ({
  schedulerName: 'none',
  ...(init.length ? { initContainers: init.map((name) => ({ name, image: 'busybox' })) } : {}),
  containers: containers.map((name) => ({ name, image: 'busybox' })),
});
const pod = (name: string, containers: string[], init: string[] = []) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: spec(containers, init) });
const STREAMS = ['pods/attach', 'pods/exec', 'pods/log', 'pods/portforward'];

export const scenarios: FidelityScenario[] = [
  {
    id: 'pod-log/log-errors',
    title: 'pods/log: options parsed and validated first, then the pod, then the container; 204 for a pod without a node',
    steps: [
      { id: 'create-one', method: 'POST', path: PODS, body: pod('one', ['c']), compare: 'code' },
      { id: 'create-two', method: 'POST', path: PODS, body: pod('two', ['a', 'b']), compare: 'code' },
      { id: 'create-init', method: 'POST', path: PODS, body: pod('init', ['a', 'b'], ['i']), compare: 'code' },
      { id: 'no-container-of-two', method: 'GET', path: `${PODS}/two/log` },
      { id: 'no-container-lists-init-first', method: 'GET', path: `${PODS}/init/log` },
      { id: 'unknown-container', method: 'GET', path: `${PODS}/two/log?container=zz` },
      { id: 'unknown-container-of-one', method: 'GET', path: `${PODS}/one/log?container=zz` },
      { id: 'init-container-is-valid', method: 'GET', path: `${PODS}/init/log?container=i` },
      { id: 'unscheduled', method: 'GET', path: `${PODS}/one/log` },
      { id: 'unscheduled-with-options', method: 'GET', path: `${PODS}/one/log?previous=true&timestamps=true&tailLines=2&limitBytes=10&follow=false` },
      { id: 'missing-pod', method: 'GET', path: `${PODS}/nope/log` },
      { id: 'invalid-options', method: 'GET', path: `${PODS}/one/log?tailLines=-1&limitBytes=0&sinceSeconds=0` },
      { id: 'invalid-before-lookup', method: 'GET', path: `${PODS}/nope/log?tailLines=-1` },
      { id: 'since-both', method: 'GET', path: `${PODS}/one/log?sinceSeconds=1&sinceTime=2020-01-01T00:00:00Z` },
      { id: 'tail-not-a-number', method: 'GET', path: `${PODS}/one/log?tailLines=abc` },
      { id: 'since-time-not-a-time', method: 'GET', path: `${PODS}/one/log?sinceTime=yesterday` },
      { id: 'post-not-allowed', method: 'POST', path: `${PODS}/one/log`, body: {} },
    ],
  },
  {
    id: 'pod-log/stream-errors',
    title: 'pods/exec, attach, portforward: the pod, the container, then 400 for a pod without a node; GET/POST only',
    steps: [
      { id: 'create-one', method: 'POST', path: PODS, body: pod('one', ['c']), compare: 'code' },
      { id: 'create-two', method: 'POST', path: PODS, body: pod('two', ['a', 'b']), compare: 'code' },
      { id: 'exec-post', method: 'POST', path: `${PODS}/one/exec?command=ls&stdout=true` },
      { id: 'exec-get', method: 'GET', path: `${PODS}/one/exec?command=ls&stdout=true` },
      { id: 'exec-no-command', method: 'POST', path: `${PODS}/one/exec` },
      { id: 'exec-choose-container', method: 'POST', path: `${PODS}/two/exec?command=ls` },
      { id: 'exec-unknown-container', method: 'POST', path: `${PODS}/two/exec?command=ls&container=zz` },
      { id: 'exec-missing-pod', method: 'POST', path: `${PODS}/nope/exec?command=ls` },
      { id: 'exec-put', method: 'PUT', path: `${PODS}/one/exec?command=ls`, body: {} },
      { id: 'attach', method: 'POST', path: `${PODS}/one/attach?stdout=true` },
      { id: 'attach-choose-container', method: 'GET', path: `${PODS}/two/attach` },
      { id: 'portforward', method: 'POST', path: `${PODS}/one/portforward?ports=80` },
      { id: 'portforward-any-container', method: 'GET', path: `${PODS}/two/portforward` },
      { id: 'portforward-ports', method: 'POST', path: `${PODS}/one/portforward?ports=80,0` },
      { id: 'portforward-bad-port-first', method: 'POST', path: `${PODS}/nope/portforward?ports=abc` },
      { id: 'portforward-port-range', method: 'POST', path: `${PODS}/one/portforward?ports=70000` },
      { id: 'portforward-negative-port', method: 'POST', path: `${PODS}/one/portforward?ports=-1` },
      { id: 'portforward-empty-port', method: 'POST', path: `${PODS}/one/portforward?ports=` },
      { id: 'portforward-delete', method: 'DELETE', path: `${PODS}/one/portforward` },
      {
        id: 'discovery', method: 'GET', path: '/api/v1',
        pick: (b: any) => (b.resources ?? []).filter((r: any) => STREAMS.includes(r.name)),
      },
    ],
  },
];
