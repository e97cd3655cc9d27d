// FieldError printing as Kubernetes' field.Error.Error() does, for every constructor.
import { describe, expect, it } from 'vitest';
import { forbidden, formatFieldError, formatFieldErrors, invalid, notSupported, required, tooLong } from '../../src/api/index.js';

describe('formatFieldError prints field.Error.Error()', () => {
  it.each([
    [invalid('spec.replicas', -1, 'must be greater than or equal to 0'), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [invalid('spec.template.spec.containers', 'object', 'must be an array'), 'spec.template.spec.containers: Invalid value: "object": must be an array'],
    [invalid('spec.x', null, 'bad'), 'spec.x: Invalid value: null: bad'],
    [invalid('spec.x', { a: 1 }, 'bad'), 'spec.x: Invalid value: {"a":1}: bad'],
    [required('spec.selector'), 'spec.selector: Required value'],
    [required('spec.schedule', 'schedule cannot be empty'), 'spec.schedule: Required value: schedule cannot be empty'],
    [forbidden('spec', 'updates are forbidden'), 'spec: Forbidden: updates are forbidden'],
    [notSupported('spec.updateStrategy.type', 'Whenever', ['OnDelete', 'RollingUpdate']), 'spec.updateStrategy.type: Unsupported value: "Whenever": supported values: "OnDelete", "RollingUpdate"'],
    [tooLong('metadata.name', 'x', 63), 'metadata.name: Too long: may not be more than 63 bytes'],
  ])('%j', (e, text) => expect(formatFieldError(e)).toBe(text));

  it('joins several as [a, b] and prints one bare', () => {
    expect(formatFieldErrors([required('a')])).toBe('a: Required value');
    expect(formatFieldErrors([required('a'), required('b')])).toBe('[a: Required value, b: Required value]');
  });
});
