/**
 * The memory of the parallel explorer's shared visited set (engine/fpset.ts,
 * SharedFingerprintSet), in plain JavaScript so that a launcher can allocate it before it loads
 * the program (early workers, engine/threads.mjs).
 */

/** Slots of the shared visited set unless a search asks for another size (ParallelTuning.tableCapacity): 2.5 million states before it grows. */
export const DEFAULT_SLOTS = 1 << 22;

/**
 * The buffers of a shared visited set of `slots` slots (a power of two): two 32-bit lanes per
 * slot, and the count of entries.
 * @param {number} slots
 * @returns {{ keys: SharedArrayBuffer; count: SharedArrayBuffer }}
 */
export function sharedTableBuffers(slots) {
  return { keys: new SharedArrayBuffer(slots * 8), count: new SharedArrayBuffer(8) };
}
