// compare-admission: the persisted defaults. Each tutorial manifest of the four Kruise kinds is created
// on both servers with ?dryRun=All and the returned `spec`s are compared leaf by leaf.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

type Obj = Record<string, any>;

export interface Manifest {
  /** `file#index kind/name`, e.g. `01-sts-RollingUpdate-Parallel.yaml#0 StatefulSet/web`. */
  id: string;
  /** Every file (of the directories read) holding this same manifest. */
  files: string[];
  object: Obj;
}

const PLURALS: Record<string, string> = {
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  BroadcastJob: 'broadcastjobs',
  AdvancedCronJob: 'advancedcronjobs',
};

const isKruise = (o: Obj | null | undefined): o is Obj =>
  !!o && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('apps.kruise.io/') && typeof o.kind === 'string' && o.kind in PLURALS;

/** The Kruise manifests in the YAML files of `dirs`, one entry per distinct manifest. */
export function loadManifests(dirs: readonly string[]): Manifest[] {
  const byHash = new Map<string, Manifest>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      const path = join(dir, file);
      parseAllDocuments(readFileSync(path, 'utf8')).forEach((doc, i) => {
        const object = doc.toJS() as Obj | null;
        if (!isKruise(object)) return;
        const hash = createHash('sha256').update(JSON.stringify(object)).digest('hex');
        const seen = byHash.get(hash);
        if (seen) seen.files.push(path);
        else byHash.set(hash, { id: `${basename(file)}#${i} ${object.kind}/${object.metadata?.name}`, files: [path], object });
      });
    }
  }
  return [...byHash.values()];
}

/** The collection a Kruise object is created in, within `ns`. */
export function collectionPath(obj: Obj, ns: string): string {
  return `/apis/${obj.apiVersion}/namespaces/${ns}/${PLURALS[obj.kind]}`;
}

/** `obj` with its namespace set to `ns`. */
export function inNs(obj: Obj, ns: string): Obj {
  return { ...obj, metadata: { ...(obj.metadata ?? {}), namespace: ns } };
}

/** Leaves of a JSON value by path (`a.b[0].c`); empty objects and lists are leaves. */
export function leaves(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value) && value.length > 0) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, JSON.stringify(value));
  return out;
}

export interface SpecDifference {
  path: string;
  real?: string;
  embedded?: string;
}

/** Leaf-by-leaf differences between two specs (absent on one side = undefined). */
export function diffSpecs(real: unknown, embedded: unknown, prefix = 'spec'): SpecDifference[] {
  const a = leaves(real, prefix);
  const b = leaves(embedded, prefix);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, real: a.get(p), embedded: b.get(p) }));
}
