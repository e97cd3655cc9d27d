// The validator on a fully typed 100-container pod template (its speed is measured by `npm run bench -- micro`).
import { describe, expect, it } from 'vitest';
import { validateObject } from '../../../../src/cluster/apiserver/schema/validate.js';
import { object, schema } from '../../../../bench/_fixtures/typed-pod-template.js';

describe('validator on a large typed object', () => {
  it('validates a 100-container pod template, pruning the unknown field of each container', () => {
    const r = validateObject(schema, object);
    expect(r.errors).toEqual([]);
    expect(r.pruned).toHaveLength(100);
  });
});
