// Query options of reads and writes, checked as kube-apiserver 1.26 checks them: ListOptions
// (resourceVersion, resourceVersionMatch, limit, continue), the dryRun and fieldValidation of
// Create/Update/Patch/DeleteOptions. Each failure has the real server's code and text: a 422 naming the
// options kind (`CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: …`), a 500 for an
// unparsable resourceVersion, a 400 for a bad continue token.
import { ApiError, badRequest, invalid, type StatusCause } from '../errors.js';
import { goJsonSyntaxError } from '../go-json.js';

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions' | 'ListOptions';

const optionsInvalid = (kind: OptionsKind, causes: StatusCause[]): ApiError => invalid(kind, 'meta.k8s.io', '', causes);

/** A Go `[]string{"a", "b"}` as %#v prints it. */
function goStringSlice(values: string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/** `?dryRun=`: absent, or only `All` (422 otherwise). */
export function dryRunOption(query: URLSearchParams, kind: OptionsKind): boolean {
  const values = query.getAll('dryRun');
  if (values.some((v) => v !== 'All')) {
    const message = `Unsupported value: ${goStringSlice(values)}: supported values: "All"`;
    throw optionsInvalid(kind, [{ reason: 'FieldValueNotSupported', message, field: 'dryRun' }]);
  }
  return values.length > 0;
}

/** `?fieldValidation=`: Ignore, Warn or Strict (422 otherwise). */
export function fieldValidationOption(query: URLSearchParams, kind: OptionsKind): string | undefined {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return undefined;
  if (v !== 'Ignore' && v !== 'Warn' && v !== 'Strict') {
    const message = `Unsupported value: ${JSON.stringify(v)}: supported values: "", "Ignore", "Strict", "Warn"`;
    throw optionsInvalid(kind, [{ reason: 'FieldValueNotSupported', message, field: 'fieldValidation' }]);
  }
  return v;
}

const MAX_UINT64 = 18446744073709551615n;

/** A resourceVersion as the storage layer parses it: undefined for "", else a number (500 when not a uint64). */
export function resourceVersionOption(text: string | null): number | undefined {
  if (text === null || text === '') return undefined;
  let why: string | undefined;
  if (!/^\d+$/.test(text)) why = 'invalid syntax';
  else if (BigInt(text) > MAX_UINT64) why = 'value out of range';
  if (why) {
    throw new ApiError(500, '', `resourceVersion: Invalid value: ${JSON.stringify(text)}: strconv.ParseUint: parsing ${JSON.stringify(text)}: ${why}`);
  }
  return Number(text);
}

/** ValidateListOptions: resourceVersionMatch only with a resourceVersion, never for watch or with continue. */
export function validateListOptions(query: URLSearchParams, watch: boolean): void {
  const match = query.get('resourceVersionMatch') ?? '';
  if (match === '') return;
  const rv = query.get('resourceVersion') ?? '';
  const causes: StatusCause[] = [];
  const forbid = (message: string): void => void causes.push({ reason: 'FieldValueForbidden', message: `Forbidden: ${message}`, field: 'resourceVersionMatch' });
  if (watch) forbid('resourceVersionMatch is forbidden for watch');
  if (rv === '') forbid('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if ((query.get('continue') ?? '') !== '') forbid('resourceVersionMatch is forbidden when continue is provided');
  if (match !== 'Exact' && match !== 'NotOlderThan') {
    causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`, field: 'resourceVersionMatch' });
  }
  if (match === 'Exact' && rv === '0') forbid('resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
  if (causes.length) throw optionsInvalid('ListOptions', causes);
}

/** `?limit=`: a positive page size, or 0 (no limit) for absent, zero or negative values, as the real server reads it. */
export function limitOption(text: string | null): number {
  if (text === null || text === '') return 0;
  if (!/^-?\d+$/.test(text)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = Number(text);
  return n > 0 ? n : 0;
}

/**
 * Where a continued list resumes, in kube-apiserver's token format (base64url of
 * `{"v":"meta.k8s.io/v1","rv":N,"start":"<ns>/<name>\u0000"}`): `rv` -1 after an expired token.
 */
export interface ContinueToken {
  rv: number;
  /** The key the next page starts at (inclusive): `<ns>/<name>` or `<name>`, with a trailing NUL to start after it. */
  start: string;
}

const INVALID_KEY = 'continue key is not valid';

export function decodeContinue(token: string): ContinueToken {
  const fail = (why: string): never => {
    throw badRequest(`invalid continue token: ${why}`);
  };
  if (!/^[A-Za-z0-9_-]*$/.test(token) || token.length % 4 === 1) {
    const at = token.search(/[^A-Za-z0-9_-]/);
    fail(`${INVALID_KEY}: illegal base64 data at input byte ${at < 0 ? token.length - 1 : at}`);
  }
  const text = Buffer.from(token, 'base64url').toString('latin1');
  const syntax = goJsonSyntaxError(text);
  if (syntax) fail(`${INVALID_KEY}: ${syntax}`);
  const c = JSON.parse(text) as { v?: unknown; rv?: unknown; start?: unknown };
  if (c === null || typeof c !== 'object' || Array.isArray(c)) fail(`${INVALID_KEY}: json: cannot unmarshal ${Array.isArray(c) ? 'array' : typeof c} into Go value of type storage.continueToken`);
  if (c.v !== 'meta.k8s.io/v1') fail(`${INVALID_KEY}: server does not recognize this encoded version ${typeof c.v === 'string' ? c.v : ''}`);
  const rv = typeof c.rv === 'number' ? c.rv : 0;
  if (rv === 0) fail(`${INVALID_KEY}: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`);
  const start = typeof c.start === 'string' ? c.start : '';
  if (start === '') fail(`${INVALID_KEY}: encoded start key empty (version meta.k8s.io/v1)`);
  return { rv, start: start.startsWith('/') ? start.slice(1) : start };
}

export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start })).toString('base64url');
}
