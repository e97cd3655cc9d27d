import { describe, expect, it } from 'vitest';
import { API_SERVER_DEFAULTS, resolveApiServerOptions } from '../../../src/cluster/apiserver/index.js';

describe('resolveApiServerOptions', () => {
  it('fills defaults: free port, 3 MiB bodies, CRDs installed, a random token', () => {
    const o = resolveApiServerOptions({});
    expect(o).toMatchObject(API_SERVER_DEFAULTS);
    expect(o.maxBodyBytes).toBe(3 * 1024 * 1024);
    expect(o.token.length).toBeGreaterThanOrEqual(16);
    expect(resolveApiServerOptions({}).token).not.toBe(o.token);
  });

  it.each([
    [{ port: 70000 }, 'options.port must be an integer from 0 to 65535 (got 70000)'],
    [{ port: 1.5 }, 'options.port must be an integer from 0 to 65535 (got 1.5)'],
    [{ maxBodyBytes: 0 }, 'options.maxBodyBytes must be an integer from 1 to 9007199254740991 (got 0)'],
    [{ watchHistorySize: -1 }, 'options.watchHistorySize must be an integer from 1 to 9007199254740991 (got -1)'],
    [{ watchTimeoutSeconds: 0 }, 'options.watchTimeoutSeconds must be an integer from 1 to 9007199254740991 (got 0)'],
    [{ bookmarkIntervalMs: 0 }, 'options.bookmarkIntervalMs must be an integer from 1 to 9007199254740991 (got 0)'],
    [{ token: 'short' }, 'options.token must be a string of at least 8 characters'],
  ])('rejects %j with a precise message', (opts, message) => {
    expect(() => resolveApiServerOptions(opts)).toThrow(message);
  });
});
