// src/cluster/apiserver/schema — CRD schema handling for the embedded API server: structural-schema validation
// with pruning and defaulting (validate.ts), Kubernetes field errors and the 422 Invalid Status (field-errors.ts),
// and the OpenKruise CRDs loaded from deploy/crds (kruise-crds.ts). Pure except the CRD loader, which reads files.
// Imports only src/api; nothing outside src/cluster/apiserver imports it.
export * from './types.js';
export * from './validate.js';
export * from './field-errors.js';
export * from './kruise-crds.js';
