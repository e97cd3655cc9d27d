// compare-admission: which corpus cases run on both servers (those about the four Kruise kinds: HTTP
// cases under /apis/apps.kruise.io/, and the kubectl cases), moved from `default` into the comparison's
// own namespace, and the seeds they start from.
import type { BadInputCase, CaseInput } from '../../test/bad-input/corpus.js';
import { NS, seedObjects } from '../../test/bad-input/fixtures.js';

const KRUISE = '/apis/apps.kruise.io/';

export function concernsKruise(c: BadInputCase): boolean {
  return c.input.kind === 'kubectl' || c.input.request.path.startsWith(KRUISE);
}

/** A corpus path in `ns` instead of the corpus's namespace. */
export const inNamespace = (path: string, ns: string): string => path.split(`/namespaces/${NS}/`).join(`/namespaces/${ns}/`);

/** The case's input as sent in `ns` (kubectl gets `-n ns`; its manifests carry no namespace). */
export function caseInput(c: BadInputCase, ns: string): CaseInput {
  if (c.input.kind === 'kubectl') return { ...c.input, args: ['-n', ns, ...c.input.args] };
  return { kind: 'http', request: { ...c.input.request, path: inNamespace(c.input.request.path, ns) } };
}

/** The corpus seeds, `[collection path in ns, object]`. */
export function seedsIn(ns: string): [string, Record<string, any>][] {
  return seedObjects().map(([path, obj]) => [inNamespace(path, ns), obj]);
}
