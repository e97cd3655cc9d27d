// What a pod update may change (kube-apiserver 1.26's ValidatePodUpdate): images, a lower
// activeDeadlineSeconds, added tolerations; everything else is refused with kube's causes.
import { describe, expect, it } from 'vitest';
import { podUpdateCauses } from '../../../src/cluster/apiserver/pod-update.js';

const spec = (extra: Record<string, unknown> = {}) => ({ containers: [{ name: 'a', image: 'nginx:1.25' }], ...extra });

describe('pod updates', () => {
  it('allow a new image, a first or lower deadline, an added toleration', () => {
    expect(podUpdateCauses(spec(), { containers: [{ name: 'a', image: 'nginx:1.26' }] })).toEqual([]);
    expect(podUpdateCauses(spec(), spec({ activeDeadlineSeconds: 60 }))).toEqual([]);
    expect(podUpdateCauses(spec({ activeDeadlineSeconds: 60 }), spec({ activeDeadlineSeconds: 30 }))).toEqual([]);
    expect(podUpdateCauses(spec({ tolerations: [{ key: 'k', operator: 'Exists' }] }), spec({ tolerations: [{ key: 'k', operator: 'Exists' }, { key: 'j', operator: 'Exists' }] }))).toEqual([]);
  });

  it('refuse raising or clearing the deadline', () => {
    expect(podUpdateCauses(spec({ activeDeadlineSeconds: 600 }), spec({ activeDeadlineSeconds: 900 }))).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.activeDeadlineSeconds', message: 'Invalid value: 900: must be less than or equal to previous value' },
    ]);
    expect(podUpdateCauses(spec({ activeDeadlineSeconds: 600 }), spec())[0]).toMatchObject({ field: 'spec.activeDeadlineSeconds', message: 'Invalid value: null: must not update from a positive integer to nil value' });
  });

  it('refuse adding a container, an empty image, a changed toleration', () => {
    expect(podUpdateCauses(spec(), { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] })).toEqual([
      { reason: 'FieldValueForbidden', field: 'spec.containers', message: 'Forbidden: pod updates may not add or remove containers' },
    ]);
    expect(podUpdateCauses(spec(), { containers: [{ name: 'a', image: '' }] })[0]).toMatchObject({ reason: 'FieldValueRequired', field: 'spec.containers[0].image' });
    expect(podUpdateCauses(spec({ tolerations: [{ key: 'k', operator: 'Exists' }] }), spec({ tolerations: [{ key: 'k', operator: 'Equal', value: 'v' }] }))[0]).toMatchObject({
      field: 'spec.tolerations',
      message: 'Forbidden: existing toleration can not be modified except its tolerationSeconds',
    });
  });

  it('refuse any other change with the list of what may change, then what differed', () => {
    const [cause] = podUpdateCauses(spec(), { containers: [{ name: 'a', image: 'nginx:1.25', env: [{ name: 'X', value: '1' }] }] });
    expect(cause!.field).toBe('spec');
    expect(cause!.message.split('\n')[0]).toBe(
      'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    expect(cause!.message).toContain('spec.containers[0] changed');
  });
});
