// Admission's JSON shape checks: each wrong-typed field named by its path, absent/null fields pass.
import { describe, expect, it } from 'vitest';
import { shapeErrors, type Shape } from '../../src/workloads/common/shape.js';

const SHAPE: Shape = {
  fields: {
    replicas: 'integer',
    paused: 'boolean',
    partition: 'intOrString',
    labels: { values: 'string' },
    containers: { items: { fields: { name: 'string', ports: { items: { fields: { containerPort: 'integer' } } } } } },
  },
};

const messages = (v: unknown) => shapeErrors(v, SHAPE, 'spec').map((e) => `${e.field}: ${e.message} (${String(e.value)})`);

describe('shapeErrors', () => {
  it('passes a well-typed value and absent or null fields', () => {
    expect(shapeErrors({ replicas: 3, paused: false, partition: '10%', labels: { a: 'b' }, containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }, SHAPE, 'spec')).toEqual([]);
    expect(shapeErrors({ replicas: null, labels: undefined }, SHAPE, 'spec')).toEqual([]);
    expect(shapeErrors(undefined, SHAPE, 'spec')).toEqual([]);
  });

  it('names every wrong-typed field by its path, in document order', () => {
    expect(messages({
      replicas: '3',
      paused: 'yes',
      partition: 1.5,
      labels: { a: 1, b: null },
      containers: [{ name: 7, ports: { containerPort: 80 } }, null],
    })).toEqual([
      'spec.replicas: must be an integer (string)',
      'spec.paused: must be a boolean (string)',
      'spec.partition: must be an integer or a string (number)',
      'spec.labels[a]: must be a string (number)',
      'spec.labels[b]: must be not null (null)',
      'spec.containers[0].name: must be a string (number)',
      'spec.containers[0].ports: must be an array (object)',
      'spec.containers[1]: must be not null (null)',
    ]);
  });

  it('reports the container itself when it has the wrong type', () => {
    expect(messages({ containers: { name: 'c' } })).toEqual(['spec.containers: must be an array (object)']);
    expect(messages('spec')).toEqual(['spec: must be an object (string)']);
  });
});
