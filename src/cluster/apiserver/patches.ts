// Patch bodies by content type: JSON merge patch (RFC 7386), JSON patch (RFC 6902, as kube applies it:
// patch/json-patch.ts), strategic merge patch (built-in kinds only), decoded and refused with Go's words.
import type { KubeObject } from '../../api/objects.js';
import { ApiError, badRequest } from './errors.js';
import { checkJsonDepth } from './http/json-depth.js';
import { goJsonSyntaxError, goJsonTypeName } from './go-json.js';
import { applyJsonPatch, JsonPatchError } from './patch/json-patch.js';
import type { StrategicMergeFn } from './pure.js';

export type PatchType = 'merge' | 'json' | 'strategic';

const STRATEGIC_415 =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

export function patchTypeOf(contentType: string, isCustomResource: boolean): PatchType {
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  if (base === 'application/merge-patch+json') return 'merge';
  if (base === 'application/json-patch+json') return 'json';
  if (base === 'application/strategic-merge-patch+json') {
    if (isCustomResource) throw new ApiError(415, 'UnsupportedMediaType', STRATEGIC_415);
    return 'strategic';
  }
  if (base === 'application/apply-patch+yaml' || base === 'application/apply-patch+cbor') {
    throw new ApiError(415, 'UnsupportedMediaType', 'server-side apply is not supported by the kactor API server; use client-side kubectl apply');
  }
  // A content type no patch route consumes: go-restful's bare answer, as kube-apiserver sends it.
  throw new ApiError(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {});
}

/** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? (target as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

export interface PatchContext {
  group: string;
  version: string;
  kind: string;
  strategicMergePatch: StrategicMergeFn;
}

/** Applies a patch body to a mutable copy of the object; throws the 400/413/422 answers kube-apiserver gives bad patches. */
export function applyPatch(type: PatchType, target: KubeObject, body: string, ctx: PatchContext): KubeObject {
  checkJsonDepth(body);
  // kube decodes the patch with Go's encoding/json: its syntax errors are the client's answer, prefixed
  // "error decoding patch: " except for strategic merge patches.
  const syntax = goJsonSyntaxError(body);
  if (syntax) throw badRequest(type === 'strategic' ? syntax : `error decoding patch: ${syntax}`);
  const patch: unknown = JSON.parse(body);
  switch (type) {
    case 'merge':
      if (patch === null) throw badRequest('Invalid JSON Patch');
      if (!isObject(patch)) throw badRequest(`error decoding patch: ${cannotUnmarshal(patch, 'map[string]interface {}')}`);
      return mergePatch(target, patch) as KubeObject;
    case 'json':
      return applyJsonPatchBody(target, patch);
    case 'strategic': {
      if (patch === null) return target;
      if (!isObject(patch)) throw badRequest(cannotUnmarshal(patch, 'map[string]interface {}'));
      try {
        return ctx.strategicMergePatch(target, patch, { group: ctx.group, version: ctx.version, kind: ctx.kind }) as KubeObject;
      } catch (err) {
        throw badRequest((err as Error).message);
      }
    }
  }
}

const MAX_JSON_PATCH_OPERATIONS = 10000;
const JSON_PATCH_OP_FIELDS = ['op', 'path', 'from'] as const;

function applyJsonPatchBody(target: KubeObject, patch: unknown): KubeObject {
  if (patch === null) return target;
  if (!Array.isArray(patch)) throw badRequest(`error decoding patch: ${cannotUnmarshal(patch, '[]handlers.jsonPatchOp')}`);
  for (const op of patch) {
    if (op !== null && !isObject(op)) throw badRequest(`error decoding patch: ${cannotUnmarshal(op, 'handlers.jsonPatchOp')}`);
    for (const f of JSON_PATCH_OP_FIELDS) {
      const v = op?.[f];
      if (v !== undefined && v !== null && typeof v !== 'string') {
        throw badRequest(`error decoding patch: json: cannot unmarshal ${goJsonTypeName(v)} into Go struct field jsonPatchOp.${f} of type string`);
      }
    }
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`);
  }
  try {
    return applyJsonPatch(target, patch.map((op) => (op ?? {}) as Record<string, unknown>)) as KubeObject;
  } catch (err) {
    if (!(err instanceof JsonPatchError)) throw err;
    // kube answers every failed operation alike: 422, a generic message, empty details.
    throw new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {}, { cause: err });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const cannotUnmarshal = (v: unknown, goType: string) => `json: cannot unmarshal ${goJsonTypeName(v)} into Go value of type ${goType}`;
