// Patch bodies by content type: JSON merge patch (RFC 7386), JSON patch (RFC 6902, fast-json-patch),
// strategic merge patch (built-in kinds only, as in Kubernetes). Server-side apply is apply/http.ts.
import jsonpatch from 'fast-json-patch';
import type { KubeObject } from '../../api/objects.js';
import { ApiError, badRequest } from './errors.js';
import { checkJsonDepth } from './http/json-depth.js';
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
  throw new ApiError(415, 'UnsupportedMediaType', `${STRATEGIC_415} (got ${base || 'no content type'})`);
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

/** Applies a patch body to a mutable copy of the object; throws 400/422-shaped errors for bad patches. */
export function applyPatch(type: PatchType, target: KubeObject, body: string, ctx: PatchContext): KubeObject {
  let patch: unknown;
  checkJsonDepth(body);
  try {
    patch = JSON.parse(body);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
  switch (type) {
    case 'merge':
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('error decoding patch: a merge patch must be a JSON object');
      return mergePatch(target, patch) as KubeObject;
    case 'json': {
      if (!Array.isArray(patch)) throw badRequest('error decoding patch: a JSON patch must be an array of operations');
      try {
        return jsonpatch.applyPatch(target, patch as jsonpatch.Operation[], true, true).newDocument as KubeObject;
      } catch (err) {
        const e = err as { name?: string; message: string };
        if (e.name === 'TEST_OPERATION_FAILED') throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value failed`);
        throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${e.message.split('\n')[0]}`);
      }
    }
    case 'strategic': {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('error decoding patch: a strategic merge patch must be a JSON object');
      try {
        return ctx.strategicMergePatch(target, patch, { group: ctx.group, version: ctx.version, kind: ctx.kind }) as KubeObject;
      } catch (err) {
        throw badRequest(`error applying strategic merge patch: ${(err as Error).message}`);
      }
    }
  }
}
