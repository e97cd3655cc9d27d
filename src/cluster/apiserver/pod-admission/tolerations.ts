// The DefaultTolerationSeconds admission plugin (pure): a pod that does not tolerate the not-ready and
// unreachable NoExecute taints gets tolerations for them of 300 seconds (on create and update).
import type { KubeObject } from '../../../api/objects.js';

const DEFAULT_SECONDS = 300;
const TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

interface Toleration { key?: string; operator?: string; effect?: string; tolerationSeconds?: number }

export function addDefaultTolerations(pod: KubeObject): KubeObject {
  const spec = (pod.spec ??= {}) as { tolerations?: Toleration[] };
  const tolerations = spec.tolerations ?? [];
  const tolerates = (key: string) => tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const missing = TAINTS.filter((k) => !tolerates(k));
  if (missing.length) spec.tolerations = [...tolerations, ...missing.map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_SECONDS }))];
  return pod;
}
