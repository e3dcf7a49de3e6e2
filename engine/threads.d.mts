/** Types of engine/threads.mjs (plain JavaScript, so that a launcher can load it first). */
import type { Worker } from 'node:worker_threads';
import type { SharedTable } from './sharedTable.mjs';
export declare function workerBundle(factoryModule: string): Promise<URL>;
export declare function startWorkers(entry: URL, count: number, table?: SharedTable): Worker[];
export declare function workerExecArgv(argv: readonly string[]): string[];
export declare function startEarlyWorkers(factoryModule: string, threads: number): Promise<void>;
export declare function takeEarlyWorkers(factoryModule: string, threads: number): { workers: Worker[]; table: SharedTable } | null;
export declare function workersRequested(args: readonly string[]): number;
export declare function maxWorkers(): number;
