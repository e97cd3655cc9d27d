// Test support: one embedded API server (no Kruise CRDs by default) and a client for a whole test file,
// started before its tests and stopped after them; `use` receives both once the server is up.
import { afterAll, beforeAll } from 'vitest';
import { startApiServer, type ApiServerHandle, type ApiServerOptions } from '../../../src/cluster/apiserver/index.js';
import { apiClient, type ApiClient } from './http-client.js';

export function serverPerFile(use: (server: ApiServerHandle, api: ApiClient) => void, options: ApiServerOptions = { installKruiseCrds: false }): void {
  let server: ApiServerHandle | undefined;
  let api: ApiClient | undefined;
  beforeAll(async () => {
    server = await startApiServer(options);
    api = apiClient(server);
    use(server, api);
  });
  afterAll(async () => {
    api?.close();
    await server?.stop();
  });
}
