import { describe, expect, it } from 'vitest';
import { formatGoDuration, imageIdOf, normalizeImage } from '../../../src/cluster/nodes/images.js';
import { LatencyModel, resolveLatency, ZERO_LATENCY } from '../../../src/cluster/nodes/latency.js';
import { resolveSimulatorOptions } from '../../../src/cluster/nodes/options.js';

describe('images', () => {
  it('normalises references as a container runtime does', () => {
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('nginx:alpine')).toBe('docker.io/library/nginx:alpine');
    expect(normalizeImage('foo/bar:1')).toBe('docker.io/foo/bar:1');
    expect(normalizeImage('registry.k8s.io/pause:3.9')).toBe('registry.k8s.io/pause:3.9');
    expect(normalizeImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
  });

  it('gives each image reference a stable, distinct digest', () => {
    expect(imageIdOf('nginx:alpine')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageIdOf('nginx:alpine')).toBe(imageIdOf('docker.io/library/nginx:alpine'));
    expect(imageIdOf('nginx:alpine')).not.toBe(imageIdOf('nginx:latest'));
  });

  it('formats durations as Go does', () => {
    expect(formatGoDuration(500)).toBe('500ms');
    expect(formatGoDuration(1200)).toBe('1.2s');
    expect(formatGoDuration(29501.447739)).toBe('29.501447739s');
    expect(formatGoDuration(62500)).toBe('1m2.5s');
  });
});

describe('latency model', () => {
  it('is deterministic for a seed and stays within the jitter', () => {
    const a = new LatencyModel(resolveLatency('realistic'), 42);
    const b = new LatencyModel(resolveLatency('realistic'), 42);
    const xs = Array.from({ length: 50 }, () => a.imagePull());
    expect(Array.from({ length: 50 }, () => b.imagePull())).toEqual(xs);
    for (const x of xs) expect(x >= 1125 && x <= 1875).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(10);
  });

  it('zero latency draws zeros and never fails', () => {
    const m = new LatencyModel(ZERO_LATENCY, 1);
    expect([m.imagePull(), m.containerStart(), m.jobRun(), m.stop(), m.runFails()]).toEqual([0, 0, 0, 0, false]);
  });

  it('rejects bad options with precise messages', () => {
    expect(() => resolveLatency({ imagePullMs: -1 })).toThrow('options.latency.imagePullMs must be a non-negative number, got -1');
    expect(() => resolveLatency({ failureRate: 2 })).toThrow('options.latency.failureRate must be between 0 and 1, got 2');
    expect(() => resolveSimulatorOptions({ kubeconfigPath: '' })).toThrow('options.kubeconfigPath must be the path of a kubeconfig file');
    expect(() => resolveSimulatorOptions({ kubeconfigPath: 'k', nodes: 1.5 })).toThrow('options.nodes must be an integer ≥ 0, got 1.5');
    expect(() => resolveSimulatorOptions({ kubeconfigPath: 'k', timeScale: -1 })).toThrow('options.timeScale must be a non-negative number, got -1');
  });
});
