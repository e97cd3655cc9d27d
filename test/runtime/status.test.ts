import { describe, expect, it } from 'vitest';
import { statusDiffers } from '../../src/runtime/status.js';

describe('statusDiffers', () => {
  it('is false for the same status in another key order', () => {
    expect(statusDiffers({ replicas: 3, conditions: [{ type: 'A', status: 'True' }] }, { conditions: [{ status: 'True', type: 'A' }], replicas: 3 })).toBe(false);
  });
  it('is true when a field changes, appears or disappears', () => {
    expect(statusDiffers({ replicas: 3 }, { replicas: 4 })).toBe(true);
    expect(statusDiffers({ replicas: 3 }, { replicas: 3, readyReplicas: 0 })).toBe(true);
    expect(statusDiffers({ replicas: 3, x: 1 }, { replicas: 3 })).toBe(true);
  });
  it('treats a missing stored status as empty and an absent plan status as "no write"', () => {
    expect(statusDiffers(undefined, {})).toBe(false);
    expect(statusDiffers(undefined, { replicas: 0 })).toBe(true);
    expect(statusDiffers({ replicas: 1 }, undefined)).toBe(false);
  });
  it('is order-sensitive for arrays', () => {
    expect(statusDiffers({ a: [1, 2] }, { a: [2, 1] })).toBe(true);
  });
});
