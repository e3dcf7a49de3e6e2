/** Types of engine/sharedTable.mjs (plain JavaScript, so that a launcher can load it first). */
/** A shared visited set's memory, as passed between threads: two 32-bit lanes per slot, and the count of entries. */
export interface SharedTable {
  keys: SharedArrayBuffer;
  count: SharedArrayBuffer;
}
export declare const DEFAULT_SLOTS: number;
export declare function sharedTableBuffers(slots: number): SharedTable;
export declare function slotsOf(table: SharedTable): number;
