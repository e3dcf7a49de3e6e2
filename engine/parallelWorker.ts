/**
 * One worker of the parallel explorer (engine/parallel.ts). All workers add fingerprints to one
 * lock-free table in shared memory (SharedFingerprintSet); each expands the states it
 * discovered itself, in its own packed queue, with the sequential explorer's Expander. States
 * only cross threads when the coordinator rebalances levels between rounds, and then in the
 * cluster model's wire encoding (interned ids are per thread).
 *
 * Threads start from one pre-bundled file (engine/workerBundle.ts) that calls runWorker with the
 * model factory's module.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Expander, type Found } from './explore.js';
import { SharedFingerprintSet, type SharedTable } from './fpset.js';
import { PackedQueue } from './stateQueue.js';
import { wireSent, type ClusterModel, type WireMap, type WirePacket, type WireSent } from './cluster.js';
import type { ModelFactory } from './parallel.js';

interface Data {
  factory: ModelFactory;
  index: number;
  workers: number;
  symmetry: boolean;
  table: SharedTable;
  stop: SharedArrayBuffer;
}

/** A worker yields its unexpanded states to an idle one only when at least this many are left. */
const SHARE_MIN = 2048;

export async function runWorker(factoryModule: Record<string, unknown>): Promise<void> {
  const { factory, workers, symmetry, table, stop: stopBuffer } = workerData as Data;
  const make = factoryModule[factory.export] as (...a: unknown[]) => unknown;
  const model = (await make(...factory.args)) as ClusterModel;
  if (typeof model.wireEncode !== 'function') throw new Error('parallel exploration needs a cluster model');

  /**
   * flags[0]: set by whichever worker finds a violation, so the others stop at their next state.
   * flags[1]: set by the coordinator when a worker ran out of work this level: the others yield
   * at their next state (if enough is left to share) so it can be moved.
   */
  const flags = new Int32Array(stopBuffer);
  const visited = new SharedFingerprintSet(table);
  const expander = new Expander(model, visited, symmetry ? (w: Int32Array) => model.canonicalize(w) : undefined, null);
  const sent: WireSent[] = Array.from({ length: workers }, wireSent);
  const maps: WireMap[] = Array.from({ length: workers }, () => ({ locals: [], msgs: [], ghosts: [] }));
  const fp = new Uint32Array(2);
  let frontier = new PackedQueue();
  let next = new PackedQueue();
  let position = 0;

  /** Expands the frontier from where the last round stopped; stops early when the table is full or to share work. */
  function expand(): { violation: Found | null; done: boolean; left: number } {
    const from = position;
    while (position < frontier.length) {
      if (Atomics.load(flags, 0) !== 0) return { violation: null, done: true, left: 0 };
      const left = frontier.length - position;
      // Yield to share only after some progress, so two workers can never pass work back and forth forever.
      const share = left >= SHARE_MIN && position - from >= SHARE_MIN / 4 && Atomics.load(flags, 1) !== 0;
      if (visited.full || share) return { violation: null, done: false, left };
      const violation = expander.expand(frontier, position++, next);
      if (violation) {
        Atomics.store(flags, 0, 1);
        return { violation, done: true, left: 0 };
      }
    }
    return { violation: null, done: true, left: 0 };
  }

  function give(count: number, to: number): WirePacket {
    return model.wireEncode(frontier.takeLastPacked(count), sent[to]);
  }

  function take(from: number, packet: WirePacket): void {
    model.wireDecode(packet, maps[from], (w) => {
      model.fingerprint(w, fp);
      frontier.push(w, 0, fp[0], fp[1]);
    });
  }

  parentPort!.on('message', (msg: { id: number; op: string; [k: string]: any }) => {
    let reply: Record<string, unknown> = {};
    switch (msg.op) {
      case 'init':
        reply = { violation: expander.initial(next) };
        visited.flush();
        break;
      case 'expand':
        reply = expand();
        visited.flush(); // the coordinator reads the exact count between rounds
        break;
      case 'table':
        visited.adopt(msg.table);
        break;
      case 'left':
        reply = { left: frontier.length - position };
        break;
      case 'advance':
        // The two queues take turns, so their buffers are reused.
        [frontier, next] = [next, frontier];
        next.clear();
        position = 0;
        reply = { frontier: frontier.length };
        break;
      case 'give':
        reply = { packet: give(msg.count, msg.to) };
        break;
      case 'take':
        take(msg.from, msg.packet);
        reply = { frontier: frontier.length };
        break;
      case 'stats':
        reply = { generated: expander.generated, witnessed: expander.witnessed, words: frontier.words + next.words };
        break;
    }
    // A packet's array moves to the coordinator rather than being copied.
    const packet = reply.packet as WirePacket | undefined;
    parentPort!.postMessage({ id: msg.id, ...reply }, packet ? [packet.data.buffer as ArrayBuffer] : []);
  });
  parentPort!.postMessage({ id: 0, ready: true });
}
