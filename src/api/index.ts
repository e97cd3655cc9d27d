// src/api — Kubernetes object types and pure helpers shared by every layer: object metadata,
// owner references, label selectors, pod conditions, int-or-string, the Plan a planner returns
// and the Clock that injects time. It imports nothing of the project and performs no I/O.
export * from './objects.js';
export * from './meta.js';
export * from './selectors.js';
export * from './int-or-string.js';
export * from './pod.js';
export * from './plan.js';
export * from './clock.js';
export * from './field-error.js';
export * from './random.js';
export * from './clone.js';
