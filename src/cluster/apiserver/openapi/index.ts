// OpenAPI v2 and v3 documents of the embedded API server, as kube-apiserver 1.26.5 serves them: the built-in
// kinds' documents recorded from a real server (recorded.ts, scripts/record-openapi.ts), CRD documents built
// from their structural schemas (crd-document.ts), the v3 index with hashes (documents.ts), the HTTP answers
// (http.ts), and unknown-field detection for built-in kinds from the recorded schemas (unknown-fields.ts).
// Must not import the HTTP server or the object service (they import this).
import type { ResourceRegistry } from '../resource-registry.js';
import { OpenApiDocuments } from './documents.js';

export { answerOpenApi } from './http.js';
export { OpenApiDocuments } from './documents.js';

const documents = new WeakMap<ResourceRegistry, OpenApiDocuments>();

/** The documents of the resources a registry serves (one set per registry, built lazily). */
export function openApiDocumentsFor(registry: ResourceRegistry): OpenApiDocuments {
  let docs = documents.get(registry);
  if (!docs) documents.set(registry, (docs = new OpenApiDocuments(registry)));
  return docs;
}
