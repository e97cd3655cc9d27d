// Status writes only when changed: a structural, key-order-independent comparison of the planned
// status with the stored one.

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // undefined vs missing is handled by the object branch; NaN never appears in JSON.
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** Whether the planned status must be written: it differs from the stored one (absent counts as {}). */
export function statusDiffers(stored: unknown, planned: Record<string, unknown> | undefined): boolean {
  if (planned === undefined) return false;
  return !deepEqual(stored ?? {}, planned);
}
