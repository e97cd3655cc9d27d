// Container images as a container runtime reports them (pure): normalised references, stable digests
// (`docker.io/library/nginx@sha256:<sha256 of the reference>`), container IDs, image sizes, and Go's
// duration format for the kubelet's "pulled in 1.2s" messages.
import { createHash } from 'node:crypto';

/** `nginx:alpine` → `docker.io/library/nginx:alpine`; `:latest` is added when there is no tag or digest. */
export function normalizeImage(ref: string): string {
  let name = ref;
  const firstSlash = name.indexOf('/');
  const first = firstSlash < 0 ? '' : name.slice(0, firstSlash);
  const hasRegistry = firstSlash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = firstSlash < 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
  const lastSlash = name.lastIndexOf('/');
  const tail = name.slice(lastSlash + 1);
  if (!tail.includes(':') && !tail.includes('@')) name += ':latest';
  return name;
}

/** The repository part of a normalised reference (no tag, no digest). */
export function imageRepository(ref: string): string {
  const n = normalizeImage(ref);
  const at = n.indexOf('@');
  if (at >= 0) return n.slice(0, at);
  const lastSlash = n.lastIndexOf('/');
  const colon = n.indexOf(':', lastSlash);
  return colon >= 0 ? n.slice(0, colon) : n;
}

/** Memo of a pure function of an image reference (few distinct images; cleared if it ever grows large). */
function memo<T>(fn: (ref: string) => T): (ref: string) => T {
  const cache = new Map<string, T>();
  return (ref) => {
    let v = cache.get(ref);
    if (v === undefined) {
      if (cache.size > 10_000) cache.clear();
      cache.set(ref, (v = fn(ref)));
    }
    return v;
  };
}

/** A stable digest per image reference: `docker.io/library/nginx@sha256:<sha256 of the normalised ref>`. */
export const imageIdOf = memo((ref: string): string => {
  const n = normalizeImage(ref);
  return `${imageRepository(ref)}@sha256:${createHash('sha256').update(n).digest('hex')}`;
});

/** A stable pseudo size for an image, 5–200 MB. */
export const imageSizeOf = memo((ref: string): number => {
  const h = createHash('sha256').update(`size:${normalizeImage(ref)}`).digest();
  return 5_000_000 + (h.readUInt32BE(0) % 195_000_000);
});

/** `containerd://<64 hex>`, unique per (pod uid, container, restart). */
export function containerIdOf(podUid: string, container: string, restartCount: number): string {
  return `containerd://${createHash('sha256').update(`${podUid}/${container}/${restartCount}`).digest('hex')}`;
}

/** Go's time.Duration String(): 500ms, 1.2s, 29.501s, 1m2.5s. */
export function formatGoDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${trimNumber(ms)}ms`;
  const totalSeconds = ms / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds - h * 3600 - m * 60;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${trimNumber(Number(s.toFixed(9)))}s`;
}

function trimNumber(n: number): string {
  return String(Number(n.toFixed(9)));
}
