/**
 * A worker thread of the parallel explorer (engine/parallel.ts): builds the model, then serves
 * the coordinator's requests with its Participant (engine/participant.ts).
 *
 * Threads start from one pre-bundled file (engine/threads.mjs, workerBundle) that calls runWorker
 * with the model factory's module.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Expander } from './explore.js';
import { SharedFingerprintSet, type SharedTable } from './fpset.js';
import type { Model } from './model.js';
import type { ModelFactory } from './parallel.js';
import { Participant, READY } from './participant.js';

/** A worker's orders, its first message (engine/parallel.ts). */
export interface Orders {
  factory: ModelFactory;
  participants: number;
  /** This worker's participant number (the coordinating thread's is the last). */
  index: number;
  symmetry: boolean;
  /** The search's state bound (Infinity: none): Participant.pastBounds. */
  maxStates: number;
  table: SharedTable;
  /** Whether `table` is the one this worker was started with, whose pages it has touched. */
  touched: boolean;
  flags: SharedArrayBuffer;
  /** A Float64Array per participant: successors generated so far (Participant's generatedOut). */
  generated: SharedArrayBuffer;
  /** The coordinating thread's model's shared memory (Model.sharedMemory), or null. */
  modelMemory: SharedArrayBuffer | null;
}

/**
 * Waits for the orders (a worker may be started before the search: engine/threads.mjs, and then
 * touches the table it was started with meanwhile), then builds the model and serves the
 * coordinator's requests.
 */
export async function runWorker(factoryModule: Record<string, unknown>): Promise<void> {
  const early = workerData as { table: SharedTable } | undefined;
  if (early) touch(new Int32Array(early.table.keys));
  const orders = await new Promise<Orders>((resolve) => parentPort!.once('message', resolve));
  const { factory, participants, index, symmetry, maxStates, table, touched, flags: flagsBuffer, generated, modelMemory } = orders;
  const make = factoryModule[factory.export] as (...a: unknown[]) => unknown;
  const model = (await make(...factory.args)) as Model<Int32Array, any, any>;
  if (modelMemory !== null) model.adoptShared?.(modelMemory);
  const flags = new Int32Array(flagsBuffer);
  const visited = new SharedFingerprintSet(table);
  const expander = new Expander(model, visited, symmetry ? (w: Int32Array) => model.canonicalize!(w) : undefined, null);
  const me = new Participant(model, visited, expander, flags, index, participants, { maxStates, deadline: Infinity }, new Float64Array(generated));
  if (!touched) touch(me.visited.keys);

  parentPort!.on('message', (msg: { id: number; op: string; [k: string]: any }) => {
    // Copied, not transferred (Peer.call in engine/parallel.ts says why).
    parentPort!.postMessage({ id: msg.id, ...me.handle(msg.op, msg) });
  });
  Atomics.add(flags, READY, 1); // seen by the coordinating thread while it explores alone
  parentPort!.postMessage({ id: 0, ready: true });
}

/**
 * Writes every page of the shared table once, so the operating system maps its memory now,
 * while the coordinating thread explores alone in a table of its own, rather than page by page
 * on first additions. Other workers may be doing the same: a compare-and-swap of 0 for 0 writes
 * nothing over an entry.
 */
function touch(keys: Int32Array): void {
  for (let k = 0; k < keys.length; k += 1024) Atomics.compareExchange(keys, k, 0, 0);
}
