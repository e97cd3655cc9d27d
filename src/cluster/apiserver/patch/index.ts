// src/cluster/apiserver/patch — strategic merge patch for built-in kinds (strategic-merge.ts) with the per-kind
// list merge keys of Kubernetes' Go types (patch-meta.ts). Pure; imports nothing outside this folder.
export * from './strategic-merge.js';
export * from './patch-meta.js';
