// src/cluster/apiserver/tables — server-side Table rendering (meta.k8s.io/v1 Table) for `kubectl get`: built-in
// printers with the columns a real cluster prints, CRD printer columns with the JSONPath subset they use, and ages
// as Kubernetes' HumanDuration. Pure (time comes in as `nowMs`); imports only src/api.
export * from './types.js';
export { renderTable, printerFor } from './render.js';
export { humanDuration, shortHumanDuration, age } from './duration.js';
export { findResults, parseJsonPath, JsonPathError } from './jsonpath.js';
export { podSummary } from './printers/pods.js';
