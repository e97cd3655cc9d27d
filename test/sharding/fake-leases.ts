// An in-memory stand-in for the few RestClient calls member Leases make (get, list by label,
// create, update with optimistic concurrency, delete), shared by several replicas; a replica's
// client can be cut off (every call fails as a lost connection).
import { ApiError } from '../../src/runtime/errors.js';
import type { RestClient } from '../../src/runtime/client/rest-client.js';

type Obj = { metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };

export class FakeLeaseStore {
  readonly objects = new Map<string, Obj>();
  rv = 0;
  writes = 0;

  client(): RestClient & { cut: boolean } {
    const store = this;
    const c = {
      cut: false,
      check() {
        if (c.cut) throw new ApiError('connection refused', 0);
      },
      async get(_rt: unknown, ns: string, name: string) {
        c.check();
        const o = store.objects.get(`${ns}/${name}`);
        if (!o) throw new ApiError('not found', 404);
        return structuredClone(o);
      },
      async list(_rt: unknown, opts: { namespace?: string; labelSelector?: string }) {
        c.check();
        const [k, v] = (opts.labelSelector ?? '=').split('=');
        const items = [...store.objects.values()].filter((o) => (!opts.namespace || o.metadata.namespace === opts.namespace) && (!k || o.metadata.labels?.[k!] === v));
        return { items: structuredClone(items), metadata: { resourceVersion: String(store.rv) } };
      },
      async create(_rt: unknown, obj: Obj) {
        c.check();
        const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
        if (store.objects.has(key)) throw new ApiError('exists', 409);
        store.writes++;
        const o = structuredClone({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(++store.rv) } });
        store.objects.set(key, o);
        return structuredClone(o);
      },
      async update(_rt: unknown, obj: Obj) {
        c.check();
        const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
        const cur = store.objects.get(key);
        if (!cur) throw new ApiError('not found', 404);
        if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) throw new ApiError('conflict', 409);
        store.writes++;
        const o = structuredClone({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(++store.rv) } });
        store.objects.set(key, o);
        return structuredClone(o);
      },
      async delete(_rt: unknown, ns: string, name: string) {
        c.check();
        if (!store.objects.delete(`${ns}/${name}`)) throw new ApiError('not found', 404);
        return {};
      },
    };
    return c as unknown as RestClient & { cut: boolean };
  }
}
