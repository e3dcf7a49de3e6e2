/** Types of engine/sharedTable.mjs (plain JavaScript, so that a launcher can load it first). */
export declare const DEFAULT_SLOTS: number;
export declare function sharedTableBuffers(slots: number): { keys: SharedArrayBuffer; count: SharedArrayBuffer };
