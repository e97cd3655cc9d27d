// The garbage collector: keeps a uid index of every object of every kind that can be listed, watched and
// deleted (pods through the shared informer; the rest discovered, and re-discovered every 30 s, and watched as
// PartialObjectMetadata as kube's garbage collector does, unless another member already has a full watch of the
// kind; events excluded), an owner-uid → dependents index, and acts on gc-planner.ts's decisions:
// confirm GETs of owners missing from the caches, background/foreground deletes, owner-reference and
// finalizer removals (JSON patches guarded by test operations).
import type PQueue from 'p-queue';
import type { Clock, KubeObject, OwnerReference, TimerHandle } from '../../api/index.js';
import type { RestClient } from '../../runtime/client/rest-client.js';
import type { Informer, InformerEvent } from '../../runtime/informer/informer.js';
import type { ResourceType } from '../../runtime/workload-definition.js';
import { ResourceMapper } from './discovery.js';
import { isConflict, isNotFound } from './errors.js';
import {
  ownerStateOf, planDependent, planOwnerDeletion, removeFinalizerPatch, removeOwnerRefsPatch, type GcAction, type OwnerState,
} from './gc-planner.js';
import { PODS } from './kubelet.js';
import type { SharedInformers } from './shared-informers.js';

/** Resources never watched: events have no owners worth collecting; pods come from the shared informer. */
const NOT_WATCHED = new Set(['v1/Event', 'events.k8s.io/v1/Event', 'v1/Pod', 'v1/Binding', 'v1/ComponentStatus']);

export interface GarbageCollectorDeps {
  client: RestClient;
  queue: PQueue;
  clock: Clock;
  pods: Informer<KubeObject>;
  onError: (err: unknown, context: string) => void;
  /** The simulated cluster's informers: kinds another member watches too (Jobs) share one watch. */
  informers: SharedInformers;
  /** Re-discovery and sweep period. @default 30000 */
  resyncMs?: number;
}

interface Entry {
  obj: KubeObject;
  rt: ResourceType;
}

const CONFIRMED_PRESENT_TTL_MS = 30_000;

export class GarbageCollector {
  readonly #d: GarbageCollectorDeps;
  readonly #mapper: ResourceMapper;
  readonly #watched = new Set<string>();
  readonly #objects = new Map<string, Entry>();
  readonly #dependents = new Map<string, Set<string>>();
  readonly #confirmed = new Map<string, { state: 'absent' | 'present'; at: number }>();
  readonly #pendingDeps = new Set<string>();
  readonly #pendingOwners = new Set<string>();
  readonly #inflight = new Set<string>();
  #flushScheduled = false;
  #timer: TimerHandle | undefined;
  #stopped = false;
  readonly stats = { deletes: 0, refRemovals: 0, finalizerRemovals: 0, confirms: 0 };

  constructor(deps: GarbageCollectorDeps) {
    this.#d = deps;
    this.#mapper = new ResourceMapper(deps.client, 25_000);
  }

  async start(): Promise<void> {
    await this.#discover();
    this.#arm();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  onPodEvent(ev: InformerEvent<KubeObject>): void {
    this.#onEvent(PODS, ev);
  }

  #arm(): void {
    if (this.#stopped) return;
    this.#timer = this.#d.clock.setTimer(this.#d.resyncMs ?? 30_000, () => {
      void this.#discover().finally(() => this.#arm());
      this.#sweep();
    });
  }

  /** Watches every served kind that can be listed, watched and deleted (as kube's GC does), once per kind. */
  async #discover(): Promise<void> {
    const starting: Promise<void>[] = [];
    for (const rt of await this.#mapper.deletable(this.#d.clock.now())) {
      const id = `${rt.apiVersion}/${rt.kind}`;
      if (NOT_WATCHED.has(id) || this.#watched.has(id)) continue;
      this.#watched.add(id);
      starting.push(this.#d.informers.subscribe(rt, (ev) => this.#onEvent(rt, ev), { metadataOnly: true }).synced);
    }
    await Promise.all(starting);
  }

  /** Re-checks dependents whose owners are known only from a confirm GET (their kind is not watched). */
  #sweep(): void {
    for (const [ownerUid, deps] of this.#dependents) {
      if (this.#objects.has(ownerUid)) continue;
      for (const d of deps) this.#pendingDeps.add(d);
    }
    this.#schedule();
  }

  #onEvent(rt: ResourceType, ev: InformerEvent<KubeObject>): void {
    const obj = ev.object;
    const uid = obj.metadata?.uid;
    if (!uid) return;
    const prev = this.#objects.get(uid)?.obj;
    this.#unindex(uid, prev);
    // An owner whose reference was just removed (orphaning) may be done waiting.
    for (const r of prev?.metadata?.ownerReferences ?? []) {
      if (!obj.metadata?.ownerReferences?.some((x) => x.uid === r.uid)) this.#pendingOwners.add(r.uid);
    }
    if (ev.type === 'DELETED') {
      this.#objects.delete(uid);
      for (const d of this.#dependents.get(uid) ?? []) this.#pendingDeps.add(d);
      for (const r of obj.metadata?.ownerReferences ?? []) this.#pendingOwners.add(r.uid);
      this.#schedule();
      return;
    }
    this.#objects.set(uid, { obj, rt });
    this.#confirmed.delete(uid);
    for (const r of obj.metadata?.ownerReferences ?? []) {
      let set = this.#dependents.get(r.uid);
      if (!set) this.#dependents.set(r.uid, (set = new Set()));
      set.add(uid);
    }
    if (obj.metadata?.ownerReferences?.length) this.#pendingDeps.add(uid);
    if (obj.metadata?.deletionTimestamp) {
      if (obj.metadata.finalizers?.length) this.#pendingOwners.add(uid);
      for (const r of obj.metadata?.ownerReferences ?? []) this.#pendingOwners.add(r.uid);
    }
    if (ev.type === 'ADDED' && this.#dependents.has(uid)) for (const d of this.#dependents.get(uid)!) this.#pendingDeps.add(d);
    if (this.#pendingDeps.size || this.#pendingOwners.size) this.#schedule();
  }

  #unindex(uid: string, prev: KubeObject | undefined): void {
    for (const r of prev?.metadata?.ownerReferences ?? []) {
      const set = this.#dependents.get(r.uid);
      set?.delete(uid);
      if (set && set.size === 0) this.#dependents.delete(r.uid);
    }
  }

  #schedule(): void {
    if (this.#flushScheduled || this.#stopped) return;
    this.#flushScheduled = true;
    setImmediate(() => this.#flush());
  }

  #hasDependents = (uid: string): boolean => (this.#dependents.get(uid)?.size ?? 0) > 0;

  #stateOf = (ref: OwnerReference): OwnerState => {
    const e = this.#objects.get(ref.uid);
    if (e) return ownerStateOf(e.obj, ref);
    const c = this.#confirmed.get(ref.uid);
    if (c?.state === 'absent') return 'absent';
    if (c?.state === 'present' && this.#d.clock.now() - c.at < CONFIRMED_PRESENT_TTL_MS) return 'present';
    return 'unknown';
  };

  #flush(): void {
    this.#flushScheduled = false;
    const owners = [...this.#pendingOwners];
    const deps = [...this.#pendingDeps];
    this.#pendingOwners.clear();
    this.#pendingDeps.clear();
    for (const uid of owners) {
      const e = this.#objects.get(uid);
      if (!e) continue;
      const dependents = [...(this.#dependents.get(uid) ?? [])].map((d) => this.#objects.get(d)?.obj).filter((o): o is KubeObject => !!o);
      for (const a of planOwnerDeletion(e.obj, dependents, this.#hasDependents)) this.#execute(a);
    }
    for (const uid of deps) {
      const e = this.#objects.get(uid);
      if (!e) continue;
      for (const a of planDependent(e.obj, this.#stateOf, this.#hasDependents)) this.#execute(a);
    }
  }

  #rtOf(obj: KubeObject): ResourceType | undefined {
    return this.#objects.get(obj.metadata?.uid ?? '')?.rt;
  }

  #execute(a: GcAction): void {
    const id = a.type === 'confirm' ? `confirm/${a.owner.uid}` : `${a.type}/${a.target.metadata?.uid}/${a.type === 'removeFinalizer' ? a.finalizer : ''}`;
    if (this.#inflight.has(id)) return;
    this.#inflight.add(id);
    void this.#d.queue
      .add(() => this.#run(a))
      .catch((err: unknown) => {
        if (!isNotFound(err) && !isConflict(err)) this.#d.onError(err, `garbage collector ${id}`);
      })
      .finally(() => this.#inflight.delete(id));
  }

  async #run(a: GcAction): Promise<void> {
    const c = this.#d.client;
    if (a.type === 'confirm') return this.#confirm(a.owner, a.namespace);
    const rt = this.#rtOf(a.target);
    if (!rt) return;
    const ns = a.target.metadata?.namespace;
    const name = a.target.metadata?.name ?? '';
    switch (a.type) {
      case 'delete':
        this.stats.deletes++;
        await c.delete(rt, ns, name, { propagationPolicy: a.propagationPolicy, preconditions: { uid: a.target.metadata?.uid } });
        return;
      case 'removeOwnerRefs':
        this.stats.refRemovals++;
        await c.patch(rt, ns, name, 'json', removeOwnerRefsPatch(a.target, a.uids));
        return;
      case 'removeFinalizer': {
        const patch = removeFinalizerPatch(a.target, a.finalizer);
        if (!patch) return;
        this.stats.finalizerRemovals++;
        await c.patch(rt, ns, name, 'json', patch);
      }
    }
  }

  async #confirm(owner: OwnerReference, namespace: string | undefined): Promise<void> {
    this.stats.confirms++;
    const rt = await this.#mapper.resolve(owner.apiVersion, owner.kind, this.#d.clock.now());
    if (!rt) return; // unknown kind: like kube's GC, leave the dependent alone
    let state: 'absent' | 'present';
    try {
      const got = await this.#d.client.get(rt, rt.namespaced ? namespace : undefined, owner.name);
      state = got.metadata?.uid === owner.uid ? 'present' : 'absent';
    } catch (err) {
      if (!isNotFound(err)) throw err;
      state = 'absent';
    }
    this.#confirmed.set(owner.uid, { state, at: this.#d.clock.now() });
    for (const d of this.#dependents.get(owner.uid) ?? []) this.#pendingDeps.add(d);
    this.#schedule();
  }
}
