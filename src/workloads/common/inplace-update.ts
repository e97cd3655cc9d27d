// In-place update machinery shared by StatefulSet and DaemonSet (README "In-place update machinery"):
// deciding whether old→new revision can be done in place, the `InPlaceUpdateReady` condition, the
// `apps.kruise.io/inplace-update-state` and `…-grace` annotations, the pod patches that start an update
// or finish its grace period, and the completion check from containerStatuses. Pure; imports src/api,
// fast-json-patch and ./revision.
import jsonpatch from 'fast-json-patch';
import type { Container, ControllerRevision, Pod, PodCondition } from '../../api/index.js';
import { formatTime, timeMs } from '../../api/index.js';
import { templateOfRevision } from './revision.js';

export const INPLACE_UPDATE_READY = 'InPlaceUpdateReady';
export const INPLACE_UPDATE_STATE_KEY = 'apps.kruise.io/inplace-update-state';
export const INPLACE_UPDATE_STATE_KEY_OLD = 'inplace-update-state';
export const INPLACE_UPDATE_GRACE_KEY = 'apps.kruise.io/inplace-update-grace';
export const INPLACE_UPDATE_GRACE_KEY_OLD = 'inplace-update-grace';
export const RUNTIME_CONTAINERS_META_KEY = 'apps.kruise.io/runtime-containers-meta';
export const START_INPLACE_UPDATE_REASON = 'StartInPlaceUpdate';

/** Label/annotation changes of the template metadata, as a JSON merge patch (null removes a key). */
export interface MetadataPatch {
  labels?: Record<string, string | null>;
  annotations?: Record<string, string | null>;
}

/** What one in-place update changes ("update spec"). */
export interface InPlaceUpdateSpec {
  revision: string;
  containerImages: Record<string, string>;
  /** Containers that must restart because an env var reads a changed label/annotation. */
  containerRefMetadata: Record<string, { labels?: Record<string, string>; annotations?: Record<string, string> }>;
  metadataPatch: MetadataPatch;
  updateEnvFromMetadata: boolean;
  graceSeconds: number;
}

/** The JSON kept in `apps.kruise.io/inplace-update-state` (field order as Kruise writes it). */
export interface InPlaceUpdateState {
  revision: string;
  updateTimestamp: string;
  lastContainerStatuses: Record<string, { imageID?: string }>;
  updateEnvFromMetadata?: boolean;
  updateImages: boolean;
  updateResources: boolean;
  nextContainerImages?: Record<string, string>;
  nextContainerRefMetadata?: Record<string, unknown>;
  nextContainerResources?: Record<string, unknown>;
  preCheckBeforeNext?: { containersRequiredReady?: string[] };
  containerBatchesRecord?: Array<{ timestamp: string; containers: string[] }>;
}

/** The JSON kept in `apps.kruise.io/inplace-update-grace` while a grace period runs. */
export interface GraceUpdateSpec {
  revision: string;
  containerImages?: Record<string, string>;
  containerRefMetadata?: InPlaceUpdateSpec['containerRefMetadata'];
  /** Base64 of the metadata merge patch (Go encodes []byte as base64). */
  metaDataPatch?: string;
  updateEnvFromMetadata?: boolean;
  graceSeconds?: number;
}

export type InPlaceDecision =
  | { possible: true; spec: InPlaceUpdateSpec }
  | { possible: false; reason: string };

const CONTAINER_IMAGE_PATH = /^\/spec\/containers\/(\d+)\/image$/;

/**
 * Whether the pod at `oldRevision` can move to `newRevision` in place: only container images replaced
 * under /spec, anything under /metadata/ allowed; everything else (or a missing old revision) forces
 * recreation. Env-from-metadata changes are in place (gate InPlaceUpdateEnvFromMetadata, on).
 */
export function computeInPlaceUpdateSpec(
  oldRevision: ControllerRevision | undefined,
  newRevision: ControllerRevision,
  graceSeconds = 0,
): InPlaceDecision {
  if (!oldRevision) return { possible: false, reason: 'old revision not found' };
  const oldData = (oldRevision.data ?? {}) as object;
  const newData = (newRevision.data ?? {}) as object;
  const newTemplate = templateOfRevision(newRevision);
  const oldTemplate = templateOfRevision(oldRevision);
  const containerImages: Record<string, string> = {};
  let metadataChanged = false;
  for (const op of jsonpatch.compare(oldData, newData)) {
    const path = op.path.replace('/spec/template', '');
    if (!path.startsWith('/spec/')) {
      if (path.startsWith('/metadata/')) {
        metadataChanged = true;
        continue;
      }
      return { possible: false, reason: `${op.op} ${path}` };
    }
    const m = op.op === 'replace' ? path.match(CONTAINER_IMAGE_PATH) : null;
    const container = m ? newTemplate.spec?.containers?.[Number(m[1])] : undefined;
    if (!container) return { possible: false, reason: `${op.op} ${path}` };
    containerImages[container.name] = String((op as { value: unknown }).value);
  }
  const metadataPatch = metadataChanged ? diffMetadata(oldTemplate.metadata, newTemplate.metadata) : {};
  const containerRefMetadata = metadataChanged ? containersReadingChangedMetadata(newTemplate.spec?.containers ?? [], metadataPatch, newTemplate.metadata) : {};
  return {
    possible: true,
    spec: {
      revision: newRevision.metadata?.name ?? '',
      containerImages,
      containerRefMetadata,
      metadataPatch,
      updateEnvFromMetadata: Object.keys(containerRefMetadata).length > 0,
      graceSeconds,
    },
  };
}

/** A JSON merge patch turning old labels/annotations into new ones. */
export function diffMetadata(
  oldMeta: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined,
  newMeta: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined,
): MetadataPatch {
  const patch: MetadataPatch = {};
  const labels = diffMap(oldMeta?.labels, newMeta?.labels);
  const annotations = diffMap(oldMeta?.annotations, newMeta?.annotations);
  if (labels) patch.labels = labels;
  if (annotations) patch.annotations = annotations;
  return patch;
}

function diffMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): Record<string, string | null> | undefined {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(b ?? {})) if (a?.[k] !== v) out[k] = v;
  for (const k of Object.keys(a ?? {})) if (!(b && k in b)) out[k] = null;
  return Object.keys(out).length > 0 ? out : undefined;
}

const FIELD_REF = /^metadata\.(labels|annotations)\['(.+)'\]$/;

function containersReadingChangedMetadata(
  containers: Container[],
  patch: MetadataPatch,
  meta: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined,
): InPlaceUpdateSpec['containerRefMetadata'] {
  const out: InPlaceUpdateSpec['containerRefMetadata'] = {};
  for (const c of containers) {
    for (const env of c.env ?? []) {
      const m = env.valueFrom?.fieldRef?.fieldPath?.match(FIELD_REF);
      if (!m) continue;
      const kind = m[1] as 'labels' | 'annotations';
      const key = m[2]!;
      if (!patch[kind] || !(key in patch[kind]!)) continue;
      const entry = (out[c.name] ??= {});
      (entry[kind] ??= {})[key] = meta?.[kind]?.[key] ?? '';
    }
  }
  return out;
}

// ---- annotations ------------------------------------------------------------------------------

export function readInPlaceUpdateState(pod: Pod): InPlaceUpdateState | undefined {
  const a = pod.metadata?.annotations;
  return parseJson<InPlaceUpdateState>(a?.[INPLACE_UPDATE_STATE_KEY] ?? a?.[INPLACE_UPDATE_STATE_KEY_OLD]);
}

export function readGraceSpec(pod: Pod): GraceUpdateSpec | undefined {
  const a = pod.metadata?.annotations;
  return parseJson<GraceUpdateSpec>(a?.[INPLACE_UPDATE_GRACE_KEY] ?? a?.[INPLACE_UPDATE_GRACE_KEY_OLD]);
}

export function hasGraceAnnotation(pod: Pod): boolean {
  const a = pod.metadata?.annotations;
  return !!a && (INPLACE_UPDATE_GRACE_KEY in a || INPLACE_UPDATE_GRACE_KEY_OLD in a);
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function encodeBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function decodeMetadataPatch(b64: string | undefined): MetadataPatch {
  if (!b64) return {};
  return parseJson<MetadataPatch>(Buffer.from(b64, 'base64').toString('utf8')) ?? {};
}

// ---- conditions -------------------------------------------------------------------------------

export function hasInPlaceReadinessGate(pod: Pod): boolean {
  return (pod.spec?.readinessGates ?? []).some((g) => g.conditionType === INPLACE_UPDATE_READY);
}

/** Sets (or adds) one condition; lastTransitionTime moves only when the status flips. Returns a new list. */
export function withCondition(conditions: readonly PodCondition[] | undefined, next: PodCondition, nowMs: number): PodCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const old = i >= 0 ? list[i] : undefined;
  const merged: PodCondition = { ...next, lastTransitionTime: old && old.status === next.status ? old.lastTransitionTime : formatTime(nowMs) };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

/**
 * The full conditions list written when an in-place update starts: InPlaceUpdateReady=False
 * (reason StartInPlaceUpdate) and, when the pod has Ready and ContainersReady=True, Ready recomputed
 * from the readiness gates (False, reason ReadinessGatesNotReady).
 */
export function conditionsForUpdateStart(pod: Pod, nowMs: number): PodCondition[] {
  let list = withCondition(pod.status?.conditions, { type: INPLACE_UPDATE_READY, status: 'False', reason: START_INPLACE_UPDATE_REASON }, nowMs);
  const hasReady = list.some((c) => c.type === 'Ready');
  const containersReady = list.find((c) => c.type === 'ContainersReady')?.status === 'True';
  if (hasReady && containersReady) {
    const message = readinessGateMessages(pod, list);
    if (message) list = withCondition(list, { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message }, nowMs);
  }
  return list;
}

function readinessGateMessages(pod: Pod, conditions: PodCondition[]): string {
  const out: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) out.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') out.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  return out.join(', ');
}

/**
 * The full conditions list with InPlaceUpdateReady=True, or undefined when the pod has no gate, the
 * update is not complete, or the condition is already True with no reason/message.
 */
export function conditionsForUpdateReady(pod: Pod, nowMs: number): PodCondition[] | undefined {
  if (!hasInPlaceReadinessGate(pod) || !isInPlaceUpdateComplete(pod)) return undefined;
  const c = pod.status?.conditions?.find((x) => x.type === INPLACE_UPDATE_READY);
  if (c && c.status === 'True' && !c.reason && !c.message) return undefined;
  return withCondition(pod.status?.conditions, { type: INPLACE_UPDATE_READY, status: 'True' }, nowMs);
}

// ---- patches ----------------------------------------------------------------------------------

export interface StartPatchOptions {
  /** Value for `controller-revision-hash` (StatefulSet: revision name; DaemonSet: hash). */
  revisionLabel: string;
  nowMs: number;
  extraLabels?: Record<string, string | null>;
  extraAnnotations?: Record<string, string | null>;
}

/**
 * The JSON merge patch (metadata + spec.containers) that starts an in-place update: revision label,
 * state annotation, and either the images and metadata now (grace ≤ 0) or the grace annotation.
 */
export function buildStartPatch(pod: Pod, spec: InPlaceUpdateSpec, o: StartPatchOptions): Record<string, unknown> {
  const state: InPlaceUpdateState = {
    revision: spec.revision,
    updateTimestamp: preciseTime(o.nowMs),
    lastContainerStatuses: lastStatusesFor(pod, spec),
    ...(spec.updateEnvFromMetadata ? { updateEnvFromMetadata: true } : {}),
    updateImages: Object.keys(spec.containerImages).length > 0,
    updateResources: false,
  };
  const labels: Record<string, string | null> = { 'controller-revision-hash': o.revisionLabel, ...(o.extraLabels ?? {}) };
  const annotations: Record<string, string | null> = { ...(o.extraAnnotations ?? {}) };
  if (spec.graceSeconds > 0) {
    const grace: GraceUpdateSpec = {
      revision: spec.revision,
      ...(Object.keys(spec.containerImages).length ? { containerImages: spec.containerImages } : {}),
      ...(Object.keys(spec.containerRefMetadata).length ? { containerRefMetadata: spec.containerRefMetadata } : {}),
      ...(hasKeys(spec.metadataPatch) ? { metaDataPatch: encodeBase64(JSON.stringify(spec.metadataPatch)) } : {}),
      ...(spec.updateEnvFromMetadata ? { updateEnvFromMetadata: true } : {}),
      graceSeconds: spec.graceSeconds,
    };
    annotations[INPLACE_UPDATE_STATE_KEY] = JSON.stringify(state);
    annotations[INPLACE_UPDATE_GRACE_KEY] = JSON.stringify(grace);
    return { metadata: { labels, annotations } };
  }
  return applySpecPatch(pod, spec.containerImages, spec.metadataPatch, spec.containerRefMetadata, state, labels, annotations, o.nowMs);
}

/** The patch that ends a grace period: apply the stored images/metadata and drop the grace annotation. */
export function buildGraceFinishPatch(pod: Pod, grace: GraceUpdateSpec, nowMs: number): Record<string, unknown> {
  const state = readInPlaceUpdateState(pod) ?? {
    revision: grace.revision,
    updateTimestamp: preciseTime(nowMs),
    lastContainerStatuses: {},
    updateImages: !!grace.containerImages,
    updateResources: false,
  };
  return applySpecPatch(pod, grace.containerImages ?? {}, decodeMetadataPatch(grace.metaDataPatch), grace.containerRefMetadata ?? {}, state, {}, {}, nowMs);
}

/** The patch that drops a stale grace annotation (the pod's revision moved on). */
export function buildGraceDropPatch(): Record<string, unknown> {
  return { metadata: { annotations: { [INPLACE_UPDATE_GRACE_KEY]: null, [INPLACE_UPDATE_GRACE_KEY_OLD]: null } } };
}

function applySpecPatch(
  pod: Pod,
  images: Record<string, string>,
  metadataPatch: MetadataPatch,
  refMetadata: InPlaceUpdateSpec['containerRefMetadata'],
  state: InPlaceUpdateState,
  labels: Record<string, string | null>,
  annotations: Record<string, string | null>,
  nowMs: number,
): Record<string, unknown> {
  const batch = [...new Set([...Object.keys(images), ...Object.keys(refMetadata)])];
  const record = [...(state.containerBatchesRecord ?? []), { timestamp: formatTime(nowMs), containers: batch }];
  const allLabels = { ...(metadataPatch.labels ?? {}), ...labels };
  const allAnnotations: Record<string, string | null> = { ...(metadataPatch.annotations ?? {}), ...annotations };
  allAnnotations[INPLACE_UPDATE_STATE_KEY] = JSON.stringify({ ...state, containerBatchesRecord: record });
  if (hasGraceAnnotation(pod)) {
    allAnnotations[INPLACE_UPDATE_GRACE_KEY] = null;
    allAnnotations[INPLACE_UPDATE_GRACE_KEY_OLD] = null;
  }
  const patch: Record<string, unknown> = { metadata: { labels: allLabels, annotations: allAnnotations } };
  if (Object.keys(images).length > 0) {
    patch.spec = { containers: (pod.spec?.containers ?? []).map((c) => (images[c.name] ? { ...c, image: images[c.name] } : c)) };
  }
  return patch;
}

function lastStatusesFor(pod: Pod, spec: InPlaceUpdateSpec): InPlaceUpdateState['lastContainerStatuses'] {
  const out: InPlaceUpdateState['lastContainerStatuses'] = {};
  for (const cs of pod.status?.containerStatuses ?? []) {
    if (spec.containerImages[cs.name] !== undefined) out[cs.name] = { imageID: cs.imageID };
  }
  return out;
}

function hasKeys(o: object): boolean {
  return Object.keys(o).length > 0;
}

// ---- completion -------------------------------------------------------------------------------

/** `nginx` → `nginx:latest`; images with a tag or digest are unchanged. */
export function normalizeImage(image: string | undefined): string {
  if (!image) return '';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  return lastSegment.includes(':') || lastSegment.includes('@') ? image : `${image}:latest`;
}

/**
 * Whether the pod's last in-place update has finished (true when none is recorded): no grace period
 * pending, no deferred batch, and every updated container reports a new imageID or the new image.
 */
export function isInPlaceUpdateComplete(pod: Pod): boolean {
  if (hasGraceAnnotation(pod)) return false;
  const state = readInPlaceUpdateState(pod);
  if (!state) return true;
  if (hasKeys(state.nextContainerImages ?? {}) || hasKeys(state.nextContainerRefMetadata ?? {}) || hasKeys(state.nextContainerResources ?? {})) return false;
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((cs) => [cs.name, cs]));
  if (state.updateEnvFromMetadata && !runtimeMetaMatches(pod, statuses)) return false;
  const specImages = new Map((pod.spec?.containers ?? []).map((c) => [c.name, c.image]));
  for (const [name, last] of Object.entries(state.lastContainerStatuses ?? {})) {
    const cs = statuses.get(name);
    if (!cs) return false;
    if (cs.imageID === last.imageID && normalizeImage(cs.image) !== normalizeImage(specImages.get(name))) return false;
  }
  return true;
}

/**
 * Env-from-metadata completion needs the node agent's runtime-containers-meta annotation listing every
 * container with the containerID the kubelet reports (the agent writes it after restarting them).
 */
function runtimeMetaMatches(pod: Pod, statuses: Map<string, { containerID?: string }>): boolean {
  const meta = parseJson<{ containers?: Array<{ name: string; containerID?: string }> }>(pod.metadata?.annotations?.[RUNTIME_CONTAINERS_META_KEY]);
  if (!meta?.containers) return false;
  for (const c of pod.spec?.containers ?? []) {
    const entry = meta.containers.find((m) => m.name === c.name);
    if (!entry || !statuses.get(c.name) || entry.containerID !== statuses.get(c.name)!.containerID) return false;
  }
  return true;
}

/** Milliseconds left of a grace period started at the state's updateTimestamp (rounded up to seconds). */
/**
 * The state annotation's updateTimestamp with milliseconds (RFC 3339, which Go's time parser reads too).
 * Kruise writes whole seconds, so a 1 s grace period measured from a truncated start can end almost at
 * once (a start at x.9 s reads as x s); the grace period must last at least what the user asked.
 */
function preciseTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function graceRemainingMs(pod: Pod, grace: GraceUpdateSpec, nowMs: number): number {
  const started = timeMs(readInPlaceUpdateState(pod)?.updateTimestamp) ?? nowMs;
  const left = started + (grace.graceSeconds ?? 0) * 1000 - nowMs;
  return left <= 0 ? 0 : left;
}
