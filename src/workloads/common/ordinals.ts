// Ordinals of ordinal-named workloads (`<set>-<n>`): parsing pod names, reserved ordinals
// (ints and "a-b" ranges) and the ordinal range [start, end) that holds `replicas` usable slots.
// Pure; no project imports.

export type ReserveOrdinal = number | string;

const RANGE = /^(\d+)-(\d+)$/;
const CANONICAL_INT = /^(0|[1-9]\d*)$/;

/**
 * Why the i-th reserveOrdinals item is invalid, or undefined when it is valid. Messages as the Kruise
 * webhook writes them ("<i> th reserve ordinal …").
 */
export function reserveOrdinalError(item: ReserveOrdinal, i: number): string | undefined {
  if (typeof item === 'number') return Number.isInteger(item) && item >= 0 ? undefined : `${i} th reserve ordinal is negative: ${item}`;
  const m = String(item).match(RANGE);
  if (!m) return `${i} th reserve ordinal is not a valid range: ${item}`;
  if (Number(m[1]) > Number(m[2])) return `${i} th reserve ordinal is invalid: ${item}`;
  return undefined;
}

/** The reserved ordinals as a set (invalid items are ignored, as the controller does). */
export function parseReserveOrdinals(items: readonly ReserveOrdinal[] | undefined | null): Set<number> {
  const out = new Set<number>();
  for (const [i, item] of (items ?? []).entries()) {
    if (reserveOrdinalError(item, i)) continue;
    if (typeof item === 'number') out.add(item);
    else {
      const m = item.match(RANGE)!;
      for (let n = Number(m[1]); n <= Number(m[2]); n++) out.add(n);
    }
  }
  return out;
}

export interface OrdinalRange {
  /** First ordinal (slot index 0). */
  start: number;
  /** One past the last usable ordinal. */
  end: number;
}

/** Walk ordinals upward from `start`, skipping reserved ones, until `replicas` are collected. */
export function computeOrdinalRange(replicas: number, start: number, reserved: ReadonlySet<number>): OrdinalRange {
  let n = start;
  let collected = 0;
  while (collected < replicas) {
    if (!reserved.has(n)) collected++;
    n++;
  }
  return { start, end: n };
}

/** In range: inside [start, end) and not reserved. */
export function isOrdinalInRange(ordinal: number, range: OrdinalRange, reserved: ReadonlySet<number>): boolean {
  return ordinal >= range.start && ordinal < range.end && !reserved.has(ordinal);
}

/** The ordinal of `<parent>-<n>` (canonical decimal), or undefined when the name is not of that form. */
export function parseOrdinal(parentName: string, podName: string | undefined): number | undefined {
  if (!podName || !podName.startsWith(parentName + '-')) return undefined;
  const tail = podName.slice(parentName.length + 1);
  return CANONICAL_INT.test(tail) && tail.length <= 10 ? Number(tail) : undefined;
}

export function ordinalName(parentName: string, ordinal: number): string {
  return `${parentName}-${ordinal}`;
}
