// MutatingWebhookConfiguration and ValidatingWebhookConfiguration on write: the defaults kube-apiserver
// 1.26 persists (admissionregistration/v1 SetDefaults_*) and the validation it runs (validation.go), with
// its messages: `webhooks[0].name: Invalid value: "x": should be a domain with at least three segments
// separated by dots`, `webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun`.
import type { LabelSelector } from '../../../api/objects.js';
import { badRequest, invalid, type StatusCause } from '../errors.js';
import { labelProblems, nameProblem } from '../prepare.js';
import { ADMISSION_GROUP, MUTATING_KIND, type RuleWithOperations, type WebhookConfiguration, type WebhookSpec } from './types.js';

const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const NO_SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const REINVOCATION_POLICIES = ['IfNeeded', 'Never'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const URL_FORM = '; desired format: https://host[/path]';

/** Field order of the Go types (how kube-apiserver serializes them; `-o json` shows it). */
const WEBHOOK_FIELDS = ['name', 'clientConfig', 'rules', 'failurePolicy', 'matchPolicy', 'namespaceSelector', 'objectSelector', 'sideEffects', 'timeoutSeconds', 'admissionReviewVersions', 'reinvocationPolicy'];
const RULE_FIELDS = ['operations', 'apiGroups', 'apiVersions', 'resources', 'scope'];
const CLIENT_CONFIG_FIELDS = ['url', 'service', 'caBundle'];
const SERVICE_FIELDS = ['namespace', 'name', 'path', 'port'];

/** Fills the v1 defaults into every webhook of a configuration (mutates it), as the API server persists them. */
export function defaultWebhookConfiguration(config: WebhookConfiguration, kind: string): void {
  if (!Array.isArray(config.webhooks)) return;
  config.webhooks = config.webhooks.map((hook) => {
    if (!isObject(hook)) return hook;
    hook.failurePolicy ??= 'Fail';
    hook.matchPolicy ??= 'Equivalent';
    hook.namespaceSelector ??= {};
    hook.objectSelector ??= {};
    hook.timeoutSeconds ??= 10;
    if (kind === MUTATING_KIND) hook.reinvocationPolicy ??= 'Never';
    if (Array.isArray(hook.rules)) hook.rules = hook.rules.map((rule) => (isObject(rule) ? inOrder({ ...rule, scope: rule.scope ?? '*' }, RULE_FIELDS) : rule));
    if (isObject(hook.clientConfig)) {
      const service = hook.clientConfig.service;
      if (isObject(service)) hook.clientConfig.service = inOrder({ ...service, port: service.port ?? 443 }, SERVICE_FIELDS);
      hook.clientConfig = inOrder(hook.clientConfig, CLIENT_CONFIG_FIELDS);
    }
    return inOrder(hook, WEBHOOK_FIELDS);
  });
}

/** The same object with `order`'s keys first, in that order, then any others. */
function inOrder<T extends object>(obj: T, order: readonly string[]): T {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of order) if (src[k] !== undefined) out[k] = src[k];
  for (const k of Object.keys(src)) if (!(k in out)) out[k] = src[k];
  return out as T;
}

/** Throws 400 when the body cannot be decoded as the kind, 422 Invalid listing every problem otherwise. */
export function validateWebhookConfiguration(config: WebhookConfiguration, kind: string): void {
  const decode = decodeProblem(config, kind);
  if (decode) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${decode}`);
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  (config.webhooks ?? []).forEach((hook, i) => {
    const path = `webhooks[${i}]`;
    causes.push(...webhookProblems(hook, path, kind === MUTATING_KIND));
    causes.push(...reviewVersionProblems(hook.admissionReviewVersions, `${path}.admissionReviewVersions`));
    if (hook.name) {
      if (names.has(hook.name)) causes.push(cause('FieldValueDuplicate', `${path}.name`, `Duplicate value: ${JSON.stringify(hook.name)}`));
      names.add(hook.name);
    }
  });
  if (causes.length) throw invalid(kind, ADMISSION_GROUP, config.metadata?.name ?? '', causes);
}

function webhookProblems(hook: WebhookSpec, path: string, mutating: boolean): StatusCause[] {
  const out: StatusCause[] = [];
  out.push(...fullyQualifiedNameProblems(hook.name ?? '', `${path}.name`));
  (hook.rules ?? []).forEach((rule, i) => out.push(...ruleProblems(rule, `${path}.rules[${i}]`)));
  if (hook.failurePolicy !== undefined && !FAILURE_POLICIES.includes(hook.failurePolicy)) out.push(notSupported(`${path}.failurePolicy`, hook.failurePolicy, FAILURE_POLICIES));
  if (hook.matchPolicy !== undefined && !MATCH_POLICIES.includes(hook.matchPolicy)) out.push(notSupported(`${path}.matchPolicy`, hook.matchPolicy, MATCH_POLICIES));
  if (hook.sideEffects === undefined) out.push(required(`${path}.sideEffects`, `must specify one of ${NO_SIDE_EFFECTS.join(', ')}`));
  else if (!NO_SIDE_EFFECTS.includes(hook.sideEffects)) out.push(notSupported(`${path}.sideEffects`, hook.sideEffects, NO_SIDE_EFFECTS));
  if (hook.timeoutSeconds !== undefined && (hook.timeoutSeconds > 30 || hook.timeoutSeconds < 1)) {
    out.push(invalidValue(`${path}.timeoutSeconds`, String(hook.timeoutSeconds), 'the timeout value must be between 1 and 30 seconds'));
  }
  if (hook.namespaceSelector) out.push(...selectorProblems(hook.namespaceSelector, `${path}.namespaceSelector`));
  if (hook.objectSelector) out.push(...selectorProblems(hook.objectSelector, `${path}.objectSelector`));
  if (mutating && hook.reinvocationPolicy !== undefined && !REINVOCATION_POLICIES.includes(hook.reinvocationPolicy)) {
    out.push(notSupported(`${path}.reinvocationPolicy`, hook.reinvocationPolicy, REINVOCATION_POLICIES));
  }
  const cc = hook.clientConfig ?? {};
  if ((cc.url === undefined) === (cc.service === undefined)) out.push(required(`${path}.clientConfig`, 'exactly one of url or service is required'));
  else if (cc.url !== undefined) out.push(...urlProblems(cc.url, `${path}.clientConfig.url`));
  else out.push(...serviceProblems(cc.service!, `${path}.clientConfig.service`));
  return out;
}

function fullyQualifiedNameProblems(name: string, field: string): StatusCause[] {
  if (name === '') return [required(field)];
  const problem = nameProblem(name);
  if (problem) return [invalidValue(field, JSON.stringify(name), problem)];
  if (name.split('.').length < 3) return [invalidValue(field, JSON.stringify(name), 'should be a domain with at least three segments separated by dots')];
  return [];
}

function ruleProblems(rule: RuleWithOperations, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const ops = rule.operations ?? [];
  if (ops.length === 0) out.push(required(`${path}.operations`));
  if (ops.length > 1 && ops.includes('*')) out.push(invalidValue(`${path}.operations`, goSlice('admissionregistration.OperationType', ops), "if '*' is present, must not specify other operations"));
  ops.forEach((op, i) => {
    if (!OPERATIONS.includes(op)) out.push(notSupported(`${path}.operations[${i}]`, op, OPERATIONS));
  });
  const groups = rule.apiGroups ?? [];
  if (groups.length === 0) out.push(required(`${path}.apiGroups`));
  if (groups.length > 1 && groups.includes('*')) out.push(invalidValue(`${path}.apiGroups`, goSlice('string', groups), "if '*' is present, must not specify other API groups"));
  const versions = rule.apiVersions ?? [];
  if (versions.length === 0) out.push(required(`${path}.apiVersions`));
  if (versions.length > 1 && versions.includes('*')) out.push(invalidValue(`${path}.apiVersions`, goSlice('string', versions), "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (v === '') out.push(required(`${path}.apiVersions[${i}]`));
  });
  out.push(...resourceProblems(rule.resources ?? [], `${path}.resources`));
  if (rule.scope !== undefined && !SCOPES.includes(rule.scope)) out.push(notSupported(`${path}.scope`, rule.scope, SCOPES));
  return out;
}

function resourceProblems(resources: string[], path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (resources.length === 0) out.push(required(path));
  const wildcardSub = new Set<string>();
  const wildcardRes = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSub = false;
  resources.forEach((resSub, i) => {
    if (resSub === '') return void out.push(required(`${path}[${i}]`));
    if (resSub === '*/*') doubleWildcard = true;
    if (resSub === '*') singleWildcard = true;
    const slash = resSub.indexOf('/');
    if (slash < 0) {
      withoutSub = resSub !== '*';
      return;
    }
    const res = resSub.slice(0, slash);
    const sub = resSub.slice(slash + 1);
    if (wildcardSub.has(res)) out.push(invalidValue(`${path}[${i}]`, JSON.stringify(resSub), `if '${res}/*' is present, must not specify ${resSub}`));
    if (wildcardRes.has(sub)) out.push(invalidValue(`${path}[${i}]`, JSON.stringify(resSub), `if '*/${sub}' is present, must not specify ${resSub}`));
    if (sub === '*') wildcardSub.add(res);
    if (res === '*') wildcardRes.add(sub);
  });
  if (resources.length > 1 && doubleWildcard) out.push(invalidValue(path, goSlice('string', resources), "if '*/*' is present, must not specify other resources"));
  if (singleWildcard && withoutSub) out.push(invalidValue(path, goSlice('string', resources), "if '*' is present, must not specify other resources without subresources"));
  return out;
}

function reviewVersionProblems(versions: string[] | undefined, path: string): StatusCause[] {
  if (!versions || versions.length === 0) return [required(path, `must specify one of ${REVIEW_VERSIONS.join(', ')}`)];
  const out: StatusCause[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (seen.has(v)) return void out.push(invalidValue(`${path}[${i}]`, JSON.stringify(v), 'duplicate version'));
    seen.add(v);
    if (v.length > 63) out.push(invalidValue(`${path}[${i}]`, JSON.stringify(v), 'must be no more than 63 characters'));
    if (!DNS1035_LABEL.test(v)) out.push(invalidValue(`${path}[${i}]`, JSON.stringify(v), DNS1035_MESSAGE));
  });
  if (!versions.some((v) => REVIEW_VERSIONS.includes(v))) out.push(invalidValue(path, goSlice('string', versions), `must include at least one of ${REVIEW_VERSIONS.join(', ')}`));
  return out;
}

function selectorProblems(selector: LabelSelector, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  for (const message of labelProblems(selector.matchLabels ?? {})) out.push(cause('FieldValueInvalid', `${path}.matchLabels`, message));
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) out.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) out.push(cause('FieldValueForbidden', `${at}.values`, "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else out.push(invalidValue(`${at}.operator`, JSON.stringify(expr.operator ?? ''), 'not a valid selector operator'));
    for (const message of labelProblems({ [expr.key ?? '']: '' })) out.push(cause('FieldValueInvalid', `${at}.key`, message));
    values.forEach((v, j) => {
      for (const message of labelProblems({ k: v })) out.push(cause('FieldValueInvalid', `${at}.values[${j}]`, message));
    });
  });
  return out;
}

function urlProblems(raw: string, field: string): StatusCause[] {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // Go's url.Parse takes a string without a scheme as a bare path: no scheme, no host.
    if (!raw.includes(':')) return [invalidValue(field, '""', `'https' is the only allowed URL scheme${URL_FORM}`), invalidValue(field, '""', `host must be specified${URL_FORM}`)];
    return [required(field, `url must be a valid URL: parse ${JSON.stringify(raw)}: invalid URL${URL_FORM}`)];
  }
  const out: StatusCause[] = [];
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'https') out.push(invalidValue(field, JSON.stringify(scheme), `'https' is the only allowed URL scheme${URL_FORM}`));
  if (u.host === '') out.push(invalidValue(field, '""', `host must be specified${URL_FORM}`));
  if (u.username || u.password) out.push(invalidValue(field, JSON.stringify(u.password ? `${u.username}:${u.password}` : u.username), 'user information is not permitted in the URL'));
  if (u.hash) out.push(invalidValue(field, JSON.stringify(u.hash.slice(1)), 'fragments are not permitted in the URL'));
  if (u.search) out.push(invalidValue(field, JSON.stringify(u.search.slice(1)), 'query parameters are not permitted in the URL'));
  return out;
}

function serviceProblems(service: NonNullable<WebhookSpec['clientConfig']>['service'] & object, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!service.name) out.push(required(`${path}.name`, 'service name is required'));
  if (!service.namespace) out.push(required(`${path}.namespace`, 'service namespace is required'));
  const port = service.port ?? 443;
  if (!(port >= 1 && port <= 65535)) out.push(invalidValue(`${path}.port`, String(port), 'port is not valid: must be between 1 and 65535, inclusive'));
  const p = service.path;
  if (p === undefined || p === '' || p === '/') return out;
  if (p === '//') return [...out, invalidValue(`${path}.path`, JSON.stringify(p), 'segment[0] may not be empty')];
  if (!p.startsWith('/')) out.push(invalidValue(`${path}.path`, JSON.stringify(p), "must start with a '/'"));
  let rest = p.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  rest.split('/').forEach((step, i) => {
    if (step === '') return void out.push(invalidValue(`${path}.path`, JSON.stringify(p), `segment[${i}] may not be empty`));
    const problem = nameProblem(step);
    if (problem) out.push(invalidValue(`${path}.path`, JSON.stringify(p), `segment[${i}]: ${problem}`));
  });
  return out;
}

/** A Go decoding error for fields of the wrong JSON type (what kube answers with 400 before validating). */
function decodeProblem(config: WebhookConfiguration, kind: string): string | undefined {
  const hookType = kind === MUTATING_KIND ? 'MutatingWebhook' : 'ValidatingWebhook';
  if (config.webhooks === undefined || config.webhooks === null) return undefined;
  if (!Array.isArray(config.webhooks)) return mismatch(config.webhooks, `${kind}.webhooks`, `[]v1.${hookType}`);
  for (const hook of config.webhooks as unknown[]) {
    if (!isObject(hook)) return mismatch(hook, `${kind}.webhooks`, `v1.${hookType}`);
    const h = hook as Record<string, unknown>;
    const checks: [string, 'string' | 'number' | 'object' | 'array', string][] = [
      ['name', 'string', 'string'], ['failurePolicy', 'string', 'v1.FailurePolicyType'], ['matchPolicy', 'string', 'v1.MatchPolicyType'],
      ['sideEffects', 'string', 'v1.SideEffectClass'], ['reinvocationPolicy', 'string', 'v1.ReinvocationPolicyType'], ['timeoutSeconds', 'number', 'int32'],
      ['admissionReviewVersions', 'array', '[]string'], ['rules', 'array', '[]v1.RuleWithOperations'], ['clientConfig', 'object', 'v1.WebhookClientConfig'],
      ['namespaceSelector', 'object', 'v1.LabelSelector'], ['objectSelector', 'object', 'v1.LabelSelector'],
    ];
    for (const [key, type, goType] of checks) {
      const v = h[key];
      if (v === undefined || v === null) continue;
      const ok = type === 'array' ? Array.isArray(v) : type === 'object' ? isObject(v) : typeof v === type;
      if (!ok || (type === 'number' && !Number.isInteger(v))) return mismatch(v, `${hookType}.webhooks.${key}`, goType);
    }
    for (const list of ['admissionReviewVersions'] as const) for (const v of (h[list] as unknown[] | undefined) ?? []) if (typeof v !== 'string') return mismatch(v, `${hookType}.webhooks.${list}`, 'string');
    for (const rule of (h.rules as unknown[] | undefined) ?? []) {
      if (!isObject(rule)) return mismatch(rule, `${hookType}.webhooks.rules`, 'v1.RuleWithOperations');
      for (const key of ['operations', 'apiGroups', 'apiVersions', 'resources'] as const) {
        const v = (rule as Record<string, unknown>)[key];
        if (v === undefined || v === null) continue;
        if (!Array.isArray(v)) return mismatch(v, `RuleWithOperations.webhooks.rules.${key}`, '[]string');
        for (const item of v) if (typeof item !== 'string') return mismatch(item, `RuleWithOperations.webhooks.rules.${key}`, 'string');
      }
      const scope = (rule as Record<string, unknown>).scope;
      if (scope !== undefined && scope !== null && typeof scope !== 'string') return mismatch(scope, 'RuleWithOperations.webhooks.rules.scope', 'v1.ScopeType');
    }
    const cc = h.clientConfig as Record<string, unknown> | undefined;
    if (cc) {
      if (cc.url !== undefined && cc.url !== null && typeof cc.url !== 'string') return mismatch(cc.url, 'WebhookClientConfig.webhooks.clientConfig.url', 'string');
      if (cc.caBundle !== undefined && cc.caBundle !== null) {
        if (typeof cc.caBundle !== 'string') return mismatch(cc.caBundle, 'WebhookClientConfig.webhooks.clientConfig.caBundle', '[]uint8');
        const bad = base64Problem(cc.caBundle);
        if (bad) return bad;
      }
      if (cc.service !== undefined && cc.service !== null && !isObject(cc.service)) return mismatch(cc.service, 'WebhookClientConfig.webhooks.clientConfig.service', 'v1.ServiceReference');
      const port = (cc.service as Record<string, unknown> | undefined)?.port;
      if (port !== undefined && port !== null && !Number.isInteger(port)) return mismatch(port, 'ServiceReference.webhooks.clientConfig.service.port', 'int32');
    }
  }
  return undefined;
}

function base64Problem(text: string): string | undefined {
  const at = text.search(/[^A-Za-z0-9+/=]/);
  if (at >= 0) return `illegal base64 data at input byte ${at}`;
  if (text.length % 4 !== 0 || /=[^=]/.test(text)) return `illegal base64 data at input byte ${Math.max(0, text.indexOf('=') >= 0 ? text.indexOf('=') : text.length - (text.length % 4))}`;
  return undefined;
}

function mismatch(value: unknown, where: string, goType: string): string {
  const jsonType = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
  return `json: cannot unmarshal ${jsonType} into Go struct field ${where} of type ${goType}`;
}

function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function cause(reason: string, field: string, message: string): StatusCause {
  return { reason, message, field };
}

function required(field: string, detail = ''): StatusCause {
  return cause('FieldValueRequired', field, detail ? `Required value: ${detail}` : 'Required value');
}

function invalidValue(field: string, valueText: string, detail: string): StatusCause {
  return cause('FieldValueInvalid', field, `Invalid value: ${valueText}: ${detail}`);
}

function notSupported(field: string, value: string, supported: string[]): StatusCause {
  return cause('FieldValueNotSupported', field, `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`);
}

/** A slice as Go's %#v prints it: `[]string{"a", "b"}`. */
function goSlice(elemType: string, items: string[]): string {
  return `[]${elemType}{${items.map((s) => JSON.stringify(s)).join(', ')}}`;
}
