/**
 * One thread's share of a parallel search (engine/parallel.ts): its level queues, the states it
 * has sent other threads, and the expansion rounds, over the visited set all threads share.
 * Worker threads drive one through messages (engine/parallelWorker.ts); the coordinating
 * thread drives its own by direct calls, so it explores too.
 *
 * Each participant expands the states it discovered itself, with the sequential explorer's
 * Expander. States only cross threads when the coordinator rebalances, and then in the cluster
 * model's wire encoding (interned ids are per thread).
 */
import type { Expander, Found } from './explore.js';
import type { SharedFingerprintSet, SharedTable } from './fpset.js';
import { PackedQueue } from './stateQueue.js';
import { wireMap, wireSent, type ClusterModel, type WireMap, type WirePacket, type WireSent } from './cluster.js';

/**
 * Shared flags (an Int32Array over a SharedArrayBuffer):
 * [STOP] set by whichever thread finds a violation, so the others stop at their next state;
 * [IDLE] set by a thread that ran out of work this round: the others yield at their next state
 *   (if enough is left to share) so the coordinator can move some;
 * [READY] worker threads started, counted up by each.
 */
export const STOP = 0;
export const IDLE = 1;
export const READY = 2;
export const FLAG_WORDS = 3;

/** How run() stopped: level done here (or a violation), or yielded with states left. */
const DONE = 0;
const YIELDED = 1;

/** A participant yields its unexpanded states to an idle one only when at least this many are left. */
const SHARE_MIN = 2048;

export interface Round {
  violation: Found | null;
  /** This level is done here (no state left, or a violation anywhere). */
  done: boolean;
  /** States of this level still to expand here. */
  left: number;
}

export class Participant {
  /** Per participant: which of this model's ids it has been sent the content of. */
  private readonly sent: WireSent[];
  /** Per participant: its ids mapped to this model's. */
  private readonly maps: WireMap[];
  frontier = new PackedQueue();
  next = new PackedQueue();
  position = 0;

  /**
   * `expander` expands into `visited`: a worker's own, or the coordinating thread's from its
   * search alone (Handoff), which by then works on the shared table.
   */
  constructor(
    readonly model: ClusterModel,
    readonly visited: SharedFingerprintSet,
    readonly expander: Expander<Int32Array, any, any>,
    private readonly flags: Int32Array,
    participants: number,
  ) {
    if (typeof model.wireEncode !== 'function') throw new Error('parallel exploration needs a cluster model');
    this.sent = Array.from({ length: participants }, wireSent);
    this.maps = Array.from({ length: participants }, wireMap);
  }

  /**
   * Expands the frontier from where the last round stopped; stops early when the table is full,
   * or to share work with a participant that ran out.
   */
  expand(): Round {
    const stopped = this.run();
    // The coordinator reads the exact count between rounds.
    this.visited.flush();
    if (stopped === YIELDED) return { violation: null, done: false, left: this.frontier.length - this.position };
    // Out of work (or a violation anywhere): the others yield what they have left at their next state.
    Atomics.store(this.flags, IDLE, 1);
    const violation = this.violation;
    this.violation = null;
    return { violation, done: true, left: 0 };
  }

  /**
   * The expansion loop, apart from building the round's result: it returns a number, so the
   * rarely taken exits do not make V8 throw its optimized code away when first taken.
   */
  private run(): number {
    const flags = this.flags;
    const from = this.position;
    while (this.position < this.frontier.length) {
      if (Atomics.load(flags, STOP) !== 0) return DONE;
      const left = this.frontier.length - this.position;
      // Yield to share only after some progress, so two threads can never pass work back and forth forever.
      const share = left >= SHARE_MIN && this.position - from >= SHARE_MIN / 4 && Atomics.load(flags, IDLE) !== 0;
      if (this.visited.full || share) return YIELDED;
      const violation = this.expander.expand(this.frontier, this.position++, this.next);
      if (violation) {
        Atomics.store(flags, STOP, 1);
        this.violation = violation;
        return DONE;
      }
    }
    return DONE;
  }
  /** A violation found by run(), until expand() returns it. */
  private violation: Found | null = null;

  /** Removes the last `count` unexpanded states, encoded for participant `to`. */
  give(count: number, to: number): WirePacket {
    return this.model.wireEncode(this.frontier.takeLast(count), this.sent[to]);
  }

  /** Adds the states of a packet from participant `from` to the frontier. */
  take(from: number, packet: WirePacket): number {
    this.model.wireDecode(packet, this.maps[from]);
    this.frontier.pushAll(packet);
    return this.frontier.length;
  }

  /** Moves to the next level: returns its size here (the coordinator asks with stats, in one message). */
  advance(): number {
    // The two queues take turns, so their buffers are reused.
    [this.frontier, this.next] = [this.next, this.frontier];
    this.next.clear();
    this.position = 0;
    return this.frontier.length;
  }

  stats(): { generated: number; witnessed: Record<string, boolean>; words: number } {
    return { generated: this.expander.generated, witnessed: this.expander.witnessed, words: this.frontier.words + this.next.words };
  }

  /** Switches to a grown shared table. */
  adopt(table: SharedTable): void {
    this.visited.adopt(table);
  }

  /** Handles a coordinator request by name (what worker threads receive as messages). */
  handle(op: string, msg: Record<string, any>): Record<string, unknown> {
    switch (op) {
      case 'expand':
        return { ...this.expand() };
      case 'table':
        this.adopt(msg.table);
        return {};
      case 'advance':
        return { frontier: this.advance(), ...this.stats() };
      case 'give':
        return { packet: this.give(msg.count, msg.to) };
      case 'take':
        return { frontier: this.take(msg.from, msg.packet) };
      default:
        throw new Error(`internal: unknown request '${op}'`);
    }
  }
}
