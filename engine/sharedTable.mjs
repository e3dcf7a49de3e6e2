/**
 * The memory of the parallel explorer's shared visited set (engine/fpset.ts,
 * SharedFingerprintSet), in plain JavaScript so that a launcher can allocate it before it loads
 * the program (early workers, engine/threads.mjs).
 */

/** Slots of the shared visited set unless a search asks for another size (ParallelTuning.tableCapacity): 2.5 million states before it grows. */
export const DEFAULT_SLOTS = 1 << 22;

/** Bytes a slot takes: two 32-bit lanes. */
const SLOT_BYTES = 8;

/**
 * The buffers of a shared visited set of `slots` slots (a power of two): two 32-bit lanes per
 * slot, and the count of entries.
 * @param {number} slots
 * @returns {import('./sharedTable.d.mts').SharedTable}
 */
export function sharedTableBuffers(slots) {
  return { keys: new SharedArrayBuffer(slots * SLOT_BYTES), count: new SharedArrayBuffer(8) };
}

/**
 * The slots of a shared visited set's buffers.
 * @param {import('./sharedTable.d.mts').SharedTable} table
 * @returns {number}
 */
export function slotsOf(table) {
  return table.keys.byteLength / SLOT_BYTES;
}
