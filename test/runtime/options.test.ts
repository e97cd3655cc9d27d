import { describe, expect, it } from 'vitest';
import { parseBindAddress } from '../../src/runtime/probe-server.js';
import { resolveControllerOptions } from '../../src/runtime/controller-host.js';
import { parseRetryAfter } from '../../src/runtime/client/transport.js';
import { ApiError } from '../../src/runtime/errors.js';
import { createLogger } from '../../src/runtime/logger.js';
import { emptyPlan } from '../../src/api/plan.js';

const def = { resource: { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true }, controllerName: 'x', owns: [], watchesNodes: false, plan: () => emptyPlan() };

describe('options', () => {
  it('parses bind addresses as controller-runtime does, "0" disabling', () => {
    expect(parseBindAddress('127.0.0.1:8080', '--metrics-bind-address')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseBindAddress(':9090', '--metrics-bind-address')).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(parseBindAddress('0', '--metrics-bind-address')).toBeUndefined();
    expect(() => parseBindAddress('8080', '--metrics-bind-address')).toThrow('--metrics-bind-address must be "host:port", ":port" or "0" (got "8080")');
  });

  it('defaults to 50 qps / 100 burst, inline planning, the usual probe addresses', () => {
    const o = resolveControllerOptions({ definitions: [def] });
    expect(o).toMatchObject({ qps: 50, burst: 100, workers: 0, metricsBindAddress: '127.0.0.1:8080', healthProbeBindAddress: '127.0.0.1:8081' });
  });

  it('rejects workers without a definitions module, and negative workers', () => {
    expect(() => resolveControllerOptions({ definitions: [def], workers: 2 })).toThrow('options.definitionsModule is required when options.workers > 0');
    expect(() => resolveControllerOptions({ definitions: [def], workers: -1 })).toThrow('options.workers must be a non-negative integer');
    expect(() => resolveControllerOptions({})).toThrow('options.definitions or options.definitionsModule is required');
  });

  it('rejects unknown log levels', () => {
    expect(() => createLogger('loud')).toThrow('options.logLevel must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('classifies API errors by status', () => {
    expect(new ApiError('x', 429).code).toBe('TooManyRequests');
    expect(new ApiError('x', 410).code).toBe('Gone');
    expect(new ApiError('x', 503).isRetryable).toBe(true);
    expect(new ApiError('x', 409, { status: { reason: 'AlreadyExists' } }).isAlreadyExists).toBe(true);
    expect(new ApiError('x', 422).isRetryable).toBe(false);
  });
});
