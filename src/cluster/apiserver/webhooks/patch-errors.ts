// Why a webhook's JSONPatch did not apply, in the words of the Go library kube-apiserver 1.26 applies it
// with (evanphx/json-patch v4): `remove operation does not apply: doc is missing path: "/a/b": missing value`.
// Pure; cases it does not know keep fast-json-patch's text.

interface FailedPatch {
  message: string;
  operation?: { op?: string; path?: string; from?: string };
}

/** The Go library's message for a failed operation, given the document as it was when that operation ran. */
export function jsonPatchErrorText(err: unknown, doc: unknown): string {
  const e = err as FailedPatch;
  const op = e.operation;
  const fallback = (e.message ?? String(err)).split('\n')[0]!;
  if (!op || typeof op.path !== 'string') return fallback;
  const path = op.path;
  const parentFound = resolve(doc, parentOf(path)) !== undefined;
  const key = lastSegment(path);
  switch (op.op) {
    case 'add':
      if (!parentFound) return `add operation does not apply: doc is missing path: "${path}": missing value`;
      return `error in add for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`;
    case 'remove':
      if (!parentFound) return `remove operation does not apply: doc is missing path: "${path}": missing value`;
      if (Array.isArray(resolve(doc, parentOf(path)))) return `error in remove for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`;
      return `error in remove for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`;
    case 'replace':
      if (!parentFound) return `replace operation does not apply: doc is missing path: ${path}: missing value`;
      return `replace operation does not apply: doc is missing key: ${path}: missing value`;
    case 'test':
      if (!parentFound) return `test operation does not apply: is missing path: ${path}: missing value`;
      return `testing value ${path} failed: test failed`;
    case 'move':
    case 'copy':
      if (typeof op.from === 'string' && resolve(doc, parentOf(op.from)) === undefined) return `${op.op} operation does not apply: doc is missing from path: ${op.from}: missing value`;
      if (op.op === 'move' && typeof op.from === 'string' && resolve(doc, op.from) === undefined) {
        const from = lastSegment(op.from);
        return `error in move for path: '${from}': Unable to remove nonexistent key: ${from}: missing value`;
      }
      if (!parentFound) return `${op.op} operation does not apply: doc is missing destination path: ${path}: missing value`;
      return fallback;
    default:
      return fallback;
  }
}

function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(pointer: string): string {
  const i = pointer.lastIndexOf('/');
  return i <= 0 ? '' : pointer.slice(0, i);
}

function lastSegment(pointer: string): string {
  const segs = segments(pointer);
  return segs[segs.length - 1] ?? '';
}

function resolve(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const seg of segments(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
