// `kactor cluster` / `kactor up` flags: --watch-history-size sets the event window's bound (410 past it).
import { describe, expect, it } from 'vitest';
import { ClusterFlagsError, resolveClusterFlags } from '../../src/cli/commands/cluster.js';

describe('cluster flags', () => {
  it('--watch-history-size passes the bound to the API server; absent, the server default (102400) holds', () => {
    expect(resolveClusterFlags({ watchHistorySize: '500' }).watchHistorySize).toBe(500);
    expect(resolveClusterFlags({}).watchHistorySize).toBeUndefined();
  });

  it('a non-positive or non-integer size is refused with the flag named', () => {
    expect(() => resolveClusterFlags({ watchHistorySize: '0' })).toThrow(new ClusterFlagsError('--watch-history-size must be a positive integer (got 0)'));
    expect(() => resolveClusterFlags({ watchHistorySize: 'lots' })).toThrow('--watch-history-size must be a positive integer (got lots)');
  });
});
