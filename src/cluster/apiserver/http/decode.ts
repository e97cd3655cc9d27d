// Request bodies decoded as kube-apiserver decodes them: the media types it accepts (415 otherwise, with
// its list), and its 400s for bodies it cannot read — "the object provided is unrecognized (must be of type
// X): couldn't get version/kind; json parse error: <Go's error> (<first 30 bytes>)", an object without
// `kind` for a custom resource, a top-level value that is not an object.
import { ApiError, badRequest } from '../errors.js';
import { goJsonSyntaxError, goJsonTypeName, GO_MAX_DEPTH } from '../go-json.js';
import type { ResourceDef } from '../resources.js';

const BODY_MEDIA_TYPES = 'application/json, application/yaml, application/vnd.kubernetes.protobuf';

/** 415 for a create/update body of a media type the server does not decode. */
export const unsupportedBodyType = (): ApiError =>
  new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${BODY_MEDIA_TYPES}`);

const META_STRUCT = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** kube-apiserver's summary of a body in decode errors: up to 30 bytes, as text when it starts with `{`, else hex. */
export function summarizeBody(text: string, max = 30): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return '<empty>';
  const head = bytes.subarray(0, max);
  const more = bytes.length > max ? ' ...' : '';
  return (bytes[0] === 0x7b ? head.toString('utf8') : head.toString('hex')) + more;
}

function unrecognized(kind: string, why: string, text: string): ApiError {
  return badRequest(`the object provided is unrecognized (must be of type ${kind}): ${why} (${summarizeBody(text)})`);
}

/** Go's error for JSON that does not parse (or nests deeper than its decoder accepts). */
export function jsonSyntaxError(text: string): string {
  const opener = tooDeep(text);
  if (opener) return `invalid character '${opener}' exceeded max depth`;
  try {
    return goJsonSyntaxError(text) ?? 'unexpected end of JSON input';
  } catch {
    return 'unexpected end of JSON input';
  }
}

/**
 * The JSON object of a create or update body. `def` names the kind in errors; a custom resource must say
 * its kind (built-in kinds are decoded into their type, so `null` reads as an empty object there).
 */
export function decodeObjectBody(text: string, contentType: string | undefined, def: Pick<ResourceDef, 'kind' | 'crd'>): Record<string, unknown> {
  const base = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (base !== 'application/json' && base !== '' && base !== '*/*') throw unsupportedBodyType();
  let value: unknown;
  if (tooDeep(text)) throw unrecognized(def.kind, `couldn't get version/kind; json parse error: ${jsonSyntaxError(text)}`, text);
  try {
    value = JSON.parse(text);
  } catch {
    throw unrecognized(def.kind, `couldn't get version/kind; json parse error: ${jsonSyntaxError(text)}`, text);
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw unrecognized(def.kind, `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonTypeName(value)} into Go value of type ${META_STRUCT}`, text);
  }
  const obj = (value ?? {}) as Record<string, unknown>;
  if (def.crd && (typeof obj.kind !== 'string' || obj.kind === '')) {
    throw unrecognized(def.kind, `Object 'Kind' is missing in '${text}'`, text);
  }
  return obj;
}

/** The bracket at which nesting passes Go's limit, or undefined. */
function tooDeep(text: string): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (++depth > GO_MAX_DEPTH) return ch;
    } else if (ch === '}' || ch === ']') depth--;
  }
  return undefined;
}
