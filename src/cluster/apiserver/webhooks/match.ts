// Which webhooks apply to a request, as kube-apiserver 1.26 decides (generic/webhook.go, predicates/): rules
// by operation, group, version, resource/subresource and scope (matchPolicy Equivalent also tries the other
// served versions of the same resource), then namespaceSelector against the namespace's labels and
// objectSelector against the new or the old object's labels. Pure.
import type { KubeObject, LabelSelector } from '../../../api/objects.js';
import { isEmptySelector, selectorMatches } from '../../../api/selectors.js';
import type { ResourceDef } from '../resources.js';
import type { CompiledRule, CompiledWebhook, Invocation, Operation, WebhookConfiguration, WebhookEndpoint, WebhookSpec, WebhookType } from './types.js';

/** The webhooks of stored configurations, in kube's call order: configurations by name, webhooks in order. */
export function compileWebhooks(configs: readonly Readonly<WebhookConfiguration>[], type: WebhookType): CompiledWebhook[] {
  const sorted = [...configs].sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : a.metadata!.name! > b.metadata!.name! ? 1 : 0));
  const out: CompiledWebhook[] = [];
  for (const config of sorted) for (const hook of config.webhooks ?? []) out.push(compileWebhook(hook, config.metadata!.name!, type));
  return out;
}

function compileWebhook(hook: WebhookSpec, configurationName: string, type: WebhookType): CompiledWebhook {
  const versions = hook.admissionReviewVersions ?? [];
  return {
    name: hook.name!,
    configurationName,
    type,
    rules: (hook.rules ?? []).map((r) => ({
      operations: r.operations ?? [],
      apiGroups: r.apiGroups ?? [],
      apiVersions: r.apiVersions ?? [],
      resources: r.resources ?? [],
      scope: r.scope ?? '*',
    })),
    failurePolicy: hook.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
    equivalent: hook.matchPolicy !== 'Exact',
    namespaceSelector: isEmptySelector(hook.namespaceSelector) ? undefined : hook.namespaceSelector,
    objectSelector: isEmptySelector(hook.objectSelector) ? undefined : hook.objectSelector,
    timeoutSeconds: hook.timeoutSeconds ?? 10,
    reinvokeIfNeeded: hook.reinvocationPolicy === 'IfNeeded',
    reviewVersion: versions.find((v) => v === 'v1' || v === 'v1beta1') as 'v1' | 'v1beta1',
    endpoint: endpointOf(hook),
  };
}

function endpointOf(hook: WebhookSpec): WebhookEndpoint {
  const cc = hook.clientConfig ?? {};
  const caPem = cc.caBundle ? Buffer.from(cc.caBundle, 'base64').toString('utf8') : undefined;
  if (cc.url !== undefined) {
    const u = new URL(cc.url);
    // client-go joins the URL's path onto "/" (path.Join): a trailing slash goes, an empty path is "/".
    return { kind: 'url', url: `${u.protocol}//${u.host}${cleanPath(u.pathname)}`, caPem };
  }
  const s = cc.service!;
  return { kind: 'service', namespace: s.namespace!, name: s.name!, port: s.port ?? 443, path: cleanPath(s.path ?? ''), caPem };
}

function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** What a request is, for rule matching: fixed per resource, version, subresource and operation. */
export interface RequestShape {
  def: ResourceDef;
  version: string;
  subresource: string;
  operation: Operation;
}

/** The webhook with the version to call it at, or undefined when none of its rules match. */
export function invocationFor(hook: CompiledWebhook, req: RequestShape): Invocation | undefined {
  if (hook.rules.some((r) => ruleMatches(r, req, req.version))) return { hook, version: req.version };
  if (!hook.equivalent) return undefined;
  for (const rule of hook.rules) for (const v of req.def.versions) if (v !== req.version && ruleMatches(rule, req, v)) return { hook, version: v };
  return undefined;
}

function ruleMatches(rule: CompiledRule, req: RequestShape, version: string): boolean {
  return scopeMatches(rule.scope, req.def) &&
    rule.operations.some((op) => op === '*' || op === req.operation) &&
    exactOrWildcard(rule.apiGroups, req.def.group) &&
    exactOrWildcard(rule.apiVersions, version) &&
    rule.resources.some((resSub) => resourceMatches(resSub, req.def.plural, req.subresource));
}

function scopeMatches(scope: string, def: ResourceDef): boolean {
  // A namespace object is cluster-scoped; every other namespaced resource is always written in a namespace.
  const cluster = !def.namespaced || (def.group === '' && def.plural === 'namespaces');
  if (scope === 'Namespaced') return !cluster;
  if (scope === 'Cluster') return cluster;
  return true;
}

function exactOrWildcard(items: readonly string[], requested: string): boolean {
  return items.some((i) => i === '*' || i === requested);
}

function resourceMatches(resSub: string, resource: string, subresource: string): boolean {
  const slash = resSub.indexOf('/');
  const res = slash < 0 ? resSub : resSub.slice(0, slash);
  const sub = slash < 0 ? '' : resSub.slice(slash + 1);
  return (res === '*' || res === resource) && (sub === '*' || sub === subresource);
}

/** The objectSelector test: the new or the old object carries matching labels. */
export function objectSelected(selector: LabelSelector | undefined, obj: Readonly<KubeObject> | null, old: Readonly<KubeObject> | null): boolean {
  if (!selector) return true;
  return (obj !== null && selectorMatches(selector, obj.metadata?.labels)) || (old !== null && selectorMatches(selector, old.metadata?.labels));
}
