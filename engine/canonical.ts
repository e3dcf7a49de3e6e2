/**
 * Canonical JSON: object keys sorted, no whitespace. Two values that are equal as JSON have the
 * same canonical string whatever order their keys were inserted in, which is what makes
 * interning, fingerprints and trace comparison independent of construction order.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical: non-finite number ${value}`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonical: cannot encode a ${typeof value} (state, events and views must be JSON)`);
  }
}

function canonicalArray(items: unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i ? ',' : '') + canonical(items[i]);
  return out + ']';
}

function canonicalObject(obj: Record<string, unknown>): string {
  if (obj instanceof Set || obj instanceof Map) {
    throw new TypeError('canonical: Set and Map are not JSON; use sorted arrays or plain objects');
  }
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    out += (i ? ',' : '') + JSON.stringify(keys[i]) + ':' + canonical(obj[keys[i]]);
  }
  return out + '}';
}

/** A deep copy through canonical JSON: plain data, sorted keys, no shared references. */
export function plain<T>(value: T): T {
  return JSON.parse(canonical(value)) as T;
}
