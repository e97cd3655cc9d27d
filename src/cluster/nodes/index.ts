// src/cluster/nodes — the simulated cluster members, as KWOK's: simulated nodes and kubelets (pod
// lifecycle with a latency model, image cache, in-place container restarts, graceful deletion, job pods),
// a scheduler, a garbage collector and a minimal batch/v1 Job controller. Everything here is a plain API
// client over HTTP(S) (kubeconfig): it never reaches into the API server's memory, so it runs unchanged
// against a real kube-apiserver (`kactor sim --kubeconfig K`). Pure decisions live in scheduling.ts,
// kubelet-machine.ts, pod-status.ts, gc-planner.ts, job-planner.ts; effects in the classes that use them.
// May import src/api and src/runtime's client/informer pieces; nothing outside src/cluster imports this.
export { startSimulator, type SimulatorHandle } from './simulator.js';
export { resolveSimulatorOptions, SIMULATOR_DEFAULTS, type SimulatorOptions, type ResolvedSimulatorOptions } from './options.js';
export { REALISTIC_LATENCY, ZERO_LATENCY, resolveLatency, type LatencyOptions, type LatencyPreset } from './latency.js';
export { buildNode, defaultNodeNames, SIMULATED_LABEL, CONTROL_PLANE_LABEL, type NodeSpecOptions } from './node-template.js';
export { ANNOTATION_OUTCOME, ANNOTATION_RUN_SECONDS, ANNOTATION_START_DELAY, ANNOTATION_FAILURES } from './kubelet-machine.js';
export { SimulatorOptionsError, NodeNameError } from './errors.js';
export { ContainerLogStore, type ContainerLogRequest, type ContainerLogSink, type ContainerLogAnswer, type ContainerLogStoreOptions } from './container-logs.js';
