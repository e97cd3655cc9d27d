// record-openapi: records the OpenAPI documents of the built-in kinds the embedded API server serves, from a
// real kube-apiserver, into deploy/openapi/kubernetes-openapi.json.gz, and their known field names (for
// unknown-field detection) into deploy/openapi/kubernetes-fields.json.gz (read by src/cluster/apiserver/openapi/).
//
//   npx tsx scripts/record-openapi.ts --kubeconfig K [--out DIR]
//
// Provenance: the checked-in file was recorded from kube-apiserver v1.26.5 (Kubernetes 1.26.5 API schemas);
// re-run this script against a 1.26.5 server (it refuses another version unless --any-version) to regenerate it.
// It keeps, per served group-version, only the paths of the resources (and subresources) the embedded server
// serves (src/cluster/apiserver/builtins.ts) and the schemas reachable from them, plus the meta/v1 and
// autoscaling/v1 Scale types CRD documents refer to; the same for /openapi/v2. Uses `kubectl get --raw`.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BUILTIN_RESOURCES } from '../src/cluster/apiserver/builtins.js';
import type { ResourceDef } from '../src/cluster/apiserver/resources.js';
import { compileFieldShapes } from '../src/cluster/apiserver/openapi/field-shapes.js';
import { referencedSchemas, servedPathPattern, type RecordedOpenApi } from '../src/cluster/apiserver/openapi/recorded.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXPECTED_VERSION = 'v1.26.5';
/** Types CRD documents refer to, kept even when no recorded built-in path reaches them. */
const ALWAYS = [/^io\.k8s\.apimachinery\.pkg\.apis\.meta\.v1\./, /^io\.k8s\.api\.autoscaling\.v1\.Scale/];

type Json = Record<string, unknown>;

function parseArgs(argv: string[]): { kubeconfig: string; out: string; anyVersion: boolean } {
  let kubeconfig = process.env.KUBECONFIG ?? '';
  let out = join(ROOT, 'deploy/openapi');
  let anyVersion = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--kubeconfig') kubeconfig = argv[++i] ?? '';
    else if (a === '--out') out = argv[++i] ?? '';
    else if (a === '--any-version') anyVersion = true;
    else throw new Error(`unknown argument ${a} (usage: record-openapi.ts --kubeconfig K [--out DIR] [--any-version])`);
  }
  if (!kubeconfig) throw new Error('--kubeconfig is required (or set KUBECONFIG)');
  return { kubeconfig, out, anyVersion };
}

function getRaw(kubeconfig: string, path: string): Json {
  const text = execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'get', '--raw', path], { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  return JSON.parse(text) as Json;
}

/**
 * Keeps the paths the embedded server serves and the schemas they reach (`names`, the document's own), and
 * `pool`: those plus the ALWAYS types and what they reach (kept for CRD documents).
 */
function pick(paths: Json, schemas: Json, served: RegExp, refPrefix: string): { paths: Json; names: string[]; pool: string[] } {
  const kept: Json = {};
  for (const [p, item] of Object.entries(paths)) if (served.test(p)) kept[p] = item;
  const names = referencedSchemas([kept], schemas, refPrefix);
  const extra = Object.keys(schemas).filter((n) => ALWAYS.some((re) => re.test(n)));
  const pool = new Set([...names, ...extra, ...referencedSchemas(extra.map((n) => schemas[n]), schemas, refPrefix)]);
  return { paths: kept, names: [...names].sort(), pool: [...pool].sort() };
}

function groupVersions(defs: ResourceDef[]): Map<string, ResourceDef[]> {
  const out = new Map<string, ResourceDef[]>();
  for (const def of defs) {
    const key = def.group ? `apis/${def.group}/${def.versions[0]}` : `api/${def.versions[0]}`;
    out.set(key, [...(out.get(key) ?? []), def]);
  }
  return out;
}

function main(): void {
  const { kubeconfig, out, anyVersion } = parseArgs(process.argv.slice(2));
  const version = (getRaw(kubeconfig, '/version') as { gitVersion?: string }).gitVersion ?? '';
  if (version !== EXPECTED_VERSION && !anyVersion) throw new Error(`the server is ${version}, not ${EXPECTED_VERSION} (pass --any-version to record it anyway)`);
  const recorded: RecordedOpenApi = { kubernetesVersion: version, v3: { documents: {}, schemas: {} }, v2: { info: {}, paths: {}, definitions: {} } };
  const byGv = groupVersions(BUILTIN_RESOURCES);
  const groups = [...new Set(BUILTIN_RESOURCES.filter((d) => d.group).map((d) => d.group))];
  const docPaths = ['api', 'apis', 'version', ...groups.map((g) => `apis/${g}`), ...byGv.keys()];
  for (const docPath of docPaths) {
    const doc = getRaw(kubeconfig, `/openapi/v3/${docPath}`);
    const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Json;
    const defs = byGv.get(docPath);
    const served = defs ? servedPathPattern(defs) : /.*/;
    const { paths, names, pool } = pick(doc.paths as Json, schemas, served, '#/components/schemas/');
    for (const n of pool) recorded.v3.schemas[n] ??= schemas[n];
    recorded.v3.documents[docPath] = { info: doc.info as Json, paths, schemas: names };
    process.stderr.write(`v3 ${docPath}: ${Object.keys(paths).length} paths, ${names.length} schemas\n`);
  }
  const v2 = getRaw(kubeconfig, '/openapi/v2');
  const v2defs = v2.definitions as Json;
  const servedV2 = new RegExp(`(${[...byGv.values()].map((defs) => servedPathPattern(defs).source).join('|')})|^/(api|apis|version)/$|^/apis/(${groups.map(escape).join('|')})/$`);
  const { paths, pool } = pick(v2.paths as Json, v2defs, servedV2, '#/definitions/');
  recorded.v2 = { info: v2.info as Json, paths, definitions: Object.fromEntries(pool.map((n) => [n, v2defs[n]])) };
  process.stderr.write(`v2: ${Object.keys(paths).length} paths, ${pool.length} definitions\n`);
  writeFileSync(join(out, 'kubernetes-openapi.json.gz'), gzipSync(JSON.stringify(recorded), { level: 9 }));
  writeFileSync(join(out, 'kubernetes-fields.json.gz'), gzipSync(JSON.stringify(compileFieldShapes(recorded.v3.schemas)), { level: 9 }));
  process.stderr.write(`wrote kubernetes-openapi.json.gz and kubernetes-fields.json.gz in ${out}\n`);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

main();
