// The parts of CRD documents that are the same texts as in the built-in documents, taken from the recorded
// apps/v1 document (its StatefulSet paths use the same options types): query parameters per operation kind,
// the `pretty` and `namespace` parameters, and TypeMeta's apiVersion/kind property schemas.
import type { SharedParts } from './crd-document.js';
import type { RecordedOpenApi } from './recorded.js';
import type { Json } from './schema-order.js';

const COLLECTION = '/apis/apps/v1/namespaces/{namespace}/statefulsets';
const OBJECT = `${COLLECTION}/{name}`;
const TYPE = 'io.k8s.api.apps.v1.StatefulSet';

const cache = new WeakMap<RecordedOpenApi, SharedParts>();

export function sharedParts(rec: RecordedOpenApi): SharedParts {
  let hit = cache.get(rec);
  if (!hit) cache.set(rec, (hit = harvest(rec)));
  return hit;
}

function harvest(rec: RecordedOpenApi): SharedParts {
  const paths = rec.v3.documents['apis/apps/v1']?.paths as Record<string, Record<string, Json>> | undefined;
  const collection = paths?.[COLLECTION];
  const object = paths?.[OBJECT];
  const type = rec.v3.schemas[TYPE] as { properties?: Record<string, Json> } | undefined;
  if (!collection || !object || !type?.properties) throw new Error(`the recorded OpenAPI documents lack ${COLLECTION} or ${TYPE}: re-record them (scripts/record-openapi.ts)`);
  const params = (op: Json | undefined): Json[] => (op?.parameters as Json[] | undefined) ?? [];
  const shared = params(collection as unknown as Json);
  const named = (list: Json[], name: string): Json => list.find((p) => p.name === name)!;
  const list = params(collection.get);
  return {
    parameters: {
      list,
      create: params(collection.post),
      update: params(object.put),
      delete: params(object.delete),
      get: [named(list, 'resourceVersion')],
      pretty: named(shared, 'pretty'),
      namespace: named(shared, 'namespace'),
    },
    typeMeta: { apiVersion: type.properties.apiVersion!, kind: type.properties.kind! },
  };
}
