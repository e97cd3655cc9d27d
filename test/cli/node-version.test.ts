import { describe, expect, it } from 'vitest';
import { nodeVersionHint } from '../../src/cli/node-version.js';

describe('the start-up hint about the Node version', () => {
  it('names Node 22 or 24 on Node 20 and says why', () => {
    expect(nodeVersionHint('20.20.2')).toBe('Node 20.20.2 works, but Node 22 or 24 runs kactor faster (Node 20 is past its end of life)');
  });

  it('says nothing on Node 22, 24 or later', () => {
    expect(nodeVersionHint('22.23.3')).toBeUndefined();
    expect(nodeVersionHint('24.21.0')).toBeUndefined();
    expect(nodeVersionHint('26.0.0')).toBeUndefined();
  });
});
