// `kactor run`'s sharding and tenancy flags become controller options, with precise messages.
import { describe, expect, it } from 'vitest';
import { controllerOptionsFromFlags, parseDurationMs, parseTenantShares, type ControllerFlags } from '../../src/cli/commands/run.js';
import { resolveShardingOptions } from '../../src/runtime/sharding/member-lease.js';
import { resolveControllerOptions } from '../../src/runtime/controller-host.js';

const BASE: ControllerFlags = {
  workers: '0', qps: '50', burst: '100', metricsBindAddress: '0', healthProbeBindAddress: '0', leaderElect: false,
  leaderElectionNamespace: 'kactor-system', logLevel: 'info',
};

describe('kactor run sharding and tenancy flags', () => {
  it('turns --shard-mode leases and lease timings into sharding options (production defaults 15 s / 10 s / 2 s)', () => {
    const o = controllerOptionsFromFlags({ ...BASE, shardMode: 'leases', identity: 'kactor-0' });
    expect(o.sharding).toEqual({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, identity: 'kactor-0', namespace: 'kactor-system', group: 'kactor' });
    const fast = controllerOptionsFromFlags({ ...BASE, shardMode: 'leases', leaseDuration: '3s', renewDeadline: '2s', retryPeriod: '500ms' });
    expect(fast.sharding).toMatchObject({ leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 });
    expect(controllerOptionsFromFlags(BASE).sharding).toBe(false);
  });

  it('parses tenant shares and rejects bad ones', () => {
    expect(parseTenantShares(['team-a=3', 'team-b=0.5'])).toEqual({ 'team-a': 3, 'team-b': 0.5 });
    expect(() => parseTenantShares(['team-a'])).toThrow('--tenant-qps-share must be tenant=weight with a positive weight (got "team-a")');
    expect(() => parseTenantShares(['team-a=0'])).toThrow('positive weight');
  });

  it('rejects bad values with precise messages', () => {
    expect(() => controllerOptionsFromFlags({ ...BASE, shardMode: 'labels' })).toThrow('--shard-mode must be "none" or "leases" (got "labels")');
    expect(() => controllerOptionsFromFlags({ ...BASE, shardMode: 'leases', leaderElect: true })).toThrow('--shard-mode leases and --leader-elect are exclusive');
    expect(() => parseDurationMs('soon', '--lease-duration')).toThrow('--lease-duration must be a duration like 15s, 500ms or 1m (got "soon")');
    expect(parseDurationMs('1m', '--x')).toBe(60_000);
    expect(() => resolveShardingOptions({ leaseDurationMs: 10_000, renewDeadlineMs: 10_000 })).toThrow('sharding.leaseDurationMs must be greater than renewDeadlineMs');
    expect(() => resolveShardingOptions({ renewDeadlineMs: 2000, retryPeriodMs: 2000 })).toThrow('sharding.renewDeadlineMs must be greater than retryPeriodMs');
    expect(() => resolveShardingOptions({ group: 'Bad_Group' })).toThrow('sharding.group must be a DNS label (got "Bad_Group")');
    expect(() => resolveControllerOptions({ definitions: [], tenantWeights: { a: -1 } })).toThrow('options.tenantWeights["a"] must be a positive number (got -1)');
    expect(() => resolveControllerOptions({ definitions: [], sharding: {}, leaderElection: true })).toThrow('options.sharding and options.leaderElection are exclusive');
  });

  it('passes --schedule-burst and --tenant-reserve through (defaults 1000 and burst / 4 in the write queue) and rejects bad ones', () => {
    expect(controllerOptionsFromFlags(BASE)).toMatchObject({ scheduleBurst: 1000 });
    expect(controllerOptionsFromFlags(BASE).tenantReserve).toBeUndefined();
    expect(controllerOptionsFromFlags({ ...BASE, scheduleBurst: '0', tenantReserve: '10' })).toMatchObject({ scheduleBurst: 0, tenantReserve: 10 });
    expect(() => controllerOptionsFromFlags({ ...BASE, scheduleBurst: '-5' })).toThrow('--schedule-burst must be an integer >= 0 (got "-5")');
    expect(() => controllerOptionsFromFlags({ ...BASE, tenantReserve: '100' })).toThrow('--tenant-reserve must be below --burst (100) (got "100")');
  });
});
