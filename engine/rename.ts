/**
 * Renaming node ids inside plain JSON, for symmetry reduction.
 *
 * Contract for protocols that declare interchangeable nodes: a node id appears in states,
 * messages and ghost values only as a whole JSON string or object key. Renaming substitutes
 * those strings and keys; arrays keep their order, so a *set* of nodes must be an object keyed
 * by id (its keys are re-sorted canonically), not an array sorted by id.
 */
import type { Json } from './canonical.js';

export function renameJson(x: unknown, map: ReadonlyMap<string, string>): Json {
  if (typeof x === 'string') return map.get(x) ?? x;
  if (x === null || typeof x !== 'object') return x as Json;
  if (Array.isArray(x)) return x.map((v) => renameJson(v, map));
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(x)) if (v !== undefined) out[map.get(k) ?? k] = renameJson(v, map);
  return out;
}

/**
 * A permutation-invariant abstraction: ids of the symmetric nodes become '#', except `marked`
 * which becomes '@'; an object with an id among its keys becomes the sorted list of its
 * [abstract key, abstract value] pairs. Renaming the symmetric nodes (and the marked one with
 * them) never changes the result, which is what makes it usable as a node signature.
 */
export function abstractJson(x: unknown, ids: ReadonlySet<string>, marked: string | null): Json {
  if (typeof x === 'string') return x === marked ? '@' : ids.has(x) ? '#' : x;
  if (x === null || typeof x !== 'object') return x as Json;
  if (Array.isArray(x)) return x.map((v) => abstractJson(v, ids, marked));
  const entries = Object.entries(x).filter(([, v]) => v !== undefined);
  if (!entries.some(([k]) => ids.has(k))) {
    const out: Record<string, Json> = {};
    for (const [k, v] of entries) out[k] = abstractJson(v, ids, marked);
    return out;
  }
  return entries
    .map(([k, v]) => [abstractJson(k, ids, marked), abstractJson(v, ids, marked)] as Json)
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}
