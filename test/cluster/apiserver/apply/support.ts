// Shared set-up for the server-side apply tests: one embedded server, a namespace per test file, and
// helpers that send apply patches and read managedFields without their times.
import type { ApiServerHandle } from '../../../../src/cluster/apiserver/index.js';
import { startApiServer } from '../../../../src/cluster/apiserver/index.js';
import { apiClient } from '../http-client.js';

export type Client = ReturnType<typeof apiClient>;

export async function startApplyServer(ns: string): Promise<{ server: ApiServerHandle; api: Client }> {
  const server = await startApiServer({ port: 0, installKruiseCrds: false });
  const api = apiClient(server);
  const res = await api.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  if (res.status !== 201) throw new Error(`namespace ${ns}: ${res.status}`);
  return { server, api };
}

export const APPLY = 'application/apply-patch+yaml';

/** managedFields without `time` (the tests check times separately). */
export function managers(obj: any): any[] {
  return (obj?.metadata?.managedFields ?? []).map(({ time: _t, ...rest }: any) => rest);
}
