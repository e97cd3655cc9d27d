// IntOrString values (`maxUnavailable: 3` or `"10%"`): validation and scaling as Kubernetes does.
export type IntOrString = number | string;

export class IntOrStringError extends Error {
  readonly code = 'InvalidIntOrString';
}

/** True when `value` is a non-negative integer or a percentage string like `"10%"`. */
export function isValidIntOrPercent(value: unknown): value is IntOrString {
  if (typeof value === 'number') return Number.isInteger(value);
  return typeof value === 'string' && /^-?\d+%$/.test(value);
}

/**
 * Resolves an int-or-percent against a total. Percentages are rounded up or down as the caller asks
 * (Kruise rounds maxUnavailable down, maxSurge up). Throws IntOrStringError on a malformed value.
 */
export function scaledValue(value: IntOrString | undefined | null, total: number, roundUp: boolean, fallback = 0): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new IntOrStringError(`invalid value for IntOrString: ${value}`);
    return value;
  }
  const m = value.match(/^(-?\d+)%$/);
  if (!m) {
    // A plain number written as a string ("3") is accepted by upstream's GetScaledValueFromIntOrPercent
    // only when it is an int; as a string it is invalid.
    throw new IntOrStringError(`invalid value for IntOrString: invalid type: string is not a percentage`);
  }
  const pct = Number(m[1]);
  const exact = (pct * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
