// Built-in pod admission a real cluster runs (ServiceAccount, DefaultTolerationSeconds), as in-process hooks
// over the embedded server's storage. Runs on main-resource writes only (never /status or /binding).
import type { AdmissionHook } from '../admission.js';
import type { Storage } from '../storage/types.js';
import { admitServiceAccount } from './service-account.js';
import { addDefaultTolerations } from './tolerations.js';

export { TOKEN_MOUNT_PATH, tokenVolumeSource } from './service-account.js';

export function podAdmission(storage: Storage): AdmissionHook[] {
  return [{
    group: '',
    kind: 'Pod',
    name: 'pod-admission',
    mutate(pod, _old, op) {
      if (op === 'CREATE') admitServiceAccount(pod, (ns, name) => storage.get('/serviceaccounts', ns, name)?.obj);
      return addDefaultTolerations(pod);
    },
  }];
}
