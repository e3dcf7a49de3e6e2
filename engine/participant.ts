/**
 * One thread's share of a parallel search (engine/parallel.ts): its level queues, in shared
 * memory, and the expansion of the level, over the visited set all threads share. Worker
 * threads drive one through messages (engine/parallelWorker.ts); the coordinating thread drives
 * its own by direct calls, so it explores too.
 *
 * Each participant queues the states it discovers; at the end of a level it publishes its queue
 * (shared memory, not copied) and, for a cluster model, the content of the ids it interned
 * (interned ids are per thread). During the next level every thread claims chunks of states
 * with one atomic add: its own first, then the rest of whichever participant has the most left,
 * which it reads in that participant's ids and maps to its own (ClusterModel.wireDecode), or as
 * they are for a portable model (Model.portable: Wire). Chunks shrink as a queue runs out
 * (chunkSize). A level ends when no chunk is left: no thread waits for another longer than one
 * chunk takes, and no round trip through the coordinator moves work.
 */
import type { Expander, Found } from './explore.js';
import type { Model } from './model.js';
import type { SharedFingerprintSet, SharedTable } from './fpset.js';
import { LevelLog, PackedQueue, QueueReader, type PackedBlock, type SharedQueue } from './stateQueue.js';
import { wireMap, wireSent, type WireContent, type WireMap, type WireSent } from './cluster.js';
import { LastLevel } from './secondSearch.js';
import { symmetryOf } from './symmetry.js';

/**
 * Shared flags (an Int32Array over a SharedArrayBuffer):
 * [STOP] set by whichever thread finds a violation (VIOLATED), or finds the search past a state
 * or time bound (BOUND), so the others stop at their next chunk;
 * [READY] worker threads started, counted up by each;
 * [CLAIMS + p] how many states of participant p's level queue (from its first unexpanded one)
 * have been claimed; it may run past the queue's end.
 */
export const STOP = 0;
export const READY = 1;
export const CLAIMS = 2;

/** What flags[STOP] holds once set (0 until then). */
export const VIOLATED = 1;
export const BOUND = 2;

/** Flag words for this many participants. */
export function flagWords(participants: number): number {
  return CLAIMS + participants;
}

/**
 * States claimed at once, at most and at least. Smaller chunks cost an atomic add (and for
 * another's states, a copy and a message-free id mapping) more often; larger ones leave the
 * last thread of a level longer alone.
 */
const CHUNK = 256;
const MIN_CHUNK = 16;

/**
 * How many states to claim of a queue with `left` unclaimed, among `participants` threads
 * (guided self-scheduling): CHUNK while much is left, then a share of what is left, so that a
 * level's last chunks are small and the threads finish it close together. A thread slow at
 * that moment (a worker whose code V8 has not optimized yet, or one on the slower core) no
 * longer holds the level up by a whole CHUNK. The threads' waits at the ends of levels were
 * about 27 ms in all at 8 RMs, most of it in the worker's first, slow levels, so the gain is
 * small: TwoPhase at 8 RMs with two workers, switched by an environment variable in one build,
 * −0.022 s and −0.015 s (faster in 10 of 12 and 10 of 14); 7 RMs −0.018 s (6 of 8); paxos-spec
 * even (+0.005 s, 3 of 8). Against the build before, in noisier hours: +0.008 s (6 of 14) and
 * −0.000 s (8 of 16).
 *
 * `cap` (ChunkCap) bounds both sizes for models whose states take milliseconds each: at its
 * default, CHUNK, the sizes are as above.
 */
export function chunkSize(left: number, participants: number, cap = CHUNK): number {
  return Math.max(Math.min(MIN_CHUNK, cap), Math.min(cap, Math.ceil(left / (2 * participants))));
}

/**
 * The most states a thread claims at once, from how long its last chunk took: about CHUNK_MS of
 * work, and never more than CHUNK. TwoPhase expands a CHUNK in well under a millisecond, so its
 * chunks are as chunkSize has them; ring-placement takes milliseconds a state (it places every
 * key for each), and at 16 states a chunk a level's last chunk could keep the other thread
 * waiting 0.18 s (11 ms a state at 7 nodes and 2,000 keys), at every level. The first chunk is a
 * single state, since nothing is measured yet.
 */
export class ChunkCap {
  cap = 1;
  /** After a chunk of `states` took `ms`. */
  measured(states: number, ms: number): void {
    if (states <= 0) return;
    const fits = ms > 0 ? Math.floor((CHUNK_MS * states) / ms) : CHUNK;
    this.cap = Math.max(1, Math.min(CHUNK, fits));
  }
}
const CHUNK_MS = 5;

/**
 * Where a search's bounds stop the threads in the middle of a level: distinct states (every
 * thread), and a deadline on this thread's performance.now() (the coordinating thread only).
 */
export interface Bounds {
  maxStates: number;
  deadline: number;
}
const UNBOUNDED: Bounds = { maxStates: Infinity, deadline: Infinity };

/**
 * Doubles between two participants' counts of successors generated (Participant's generatedOut):
 * one 64-byte cache line each, so that a thread writing its own does not take the line from
 * the others.
 */
export const GENERATED_STRIDE = 8;

/** How run() stopped: level done here (or a violation), or paused for the table to grow. */
const DONE = 0;
const PAUSED = 1;

export interface Round {
  violation: Found | null;
  /** No chunk of this level is left to claim (or a violation was found anywhere). */
  done: boolean;
}

/** What a participant publishes at the end of a level: its next level's queue and the content of its new ids. */
export interface Published {
  queue: SharedQueue;
  content: WireContent;
}

/**
 * How states move between threads. A cluster model numbers its local states and messages per
 * thread, so a thread publishes the content of its numbers and reads another's states in its
 * own (the model's wire methods); a portable model's states (Model.portable) mean the same in
 * every thread and move as they are.
 */
export interface Wire {
  wireContent(sent: WireSent): WireContent;
  wireImport(content: WireContent, map: WireMap): void;
  wireDecode(block: PackedBlock, map: WireMap): void;
}

const AS_IS: Wire = {
  wireContent: () => ({ locals: [], msgs: [], events: [], ghosts: [], steps: new Int32Array(0) }),
  wireImport: () => {},
  wireDecode: () => {},
};

/** How `model`'s states move between threads, or null when they cannot (parallel exploration does not apply). */
export function wireOf(model: Model<any, any, any>): Wire | null {
  const m = model as Model<any, any, any> & Partial<Wire>;
  if (typeof m.wireContent === 'function' && typeof m.wireImport === 'function' && typeof m.wireDecode === 'function') return m as Wire;
  return model.packed === true && model.portable === true ? AS_IS : null;
}

export class Participant {
  /** What this thread has published of its interned content. */
  private readonly sent = wireSent();
  /** Per participant: its ids mapped to this model's. */
  private readonly maps: WireMap[];
  frontier = new PackedQueue(true);
  next = new PackedQueue(true);
  /** States of frontier expanded before this level was shared (the coordinating thread's, at the handoff). */
  private first = 0;
  /** The other participants' level queues (null for this one). */
  private peers: (QueueReader | null)[];
  /** The level whose states this thread is finding (as the coordinator numbers them in its 'expand' requests). */
  private level = 0;
  /** The fingerprints of the levels this thread found (the coordinating thread's, from its search alone too). */
  log = new LevelLog();
  /** The chunk being expanded, states at..end - 1 of queue: this thread's frontier or scratch. */
  private queue: PackedQueue;
  private at = 0;
  private end = 0;
  /** Another participant's chunk, in this thread's ids. */
  private readonly scratch = new PackedQueue();

  /** How states move to and from the other threads (wireOf). */
  private readonly wire: Wire;
  /** Whether the search has a state or time bound (pastBounds is checked only then). */
  private readonly bounded: boolean;
  /** The most states claimed at once, from how long the last chunk took. */
  private readonly chunks = new ChunkCap();

  /**
   * `expander` expands into `visited`: a worker's own, or the coordinating thread's from its
   * search alone (Handoff), which by then works on the shared table.
   */
  constructor(
    readonly model: Model<Int32Array, any, any>,
    readonly visited: SharedFingerprintSet,
    readonly expander: Expander<Int32Array, any, any>,
    private readonly flags: Int32Array,
    readonly index: number,
    private readonly participants: number,
    private readonly bounds: Bounds = UNBOUNDED,
    /** Each participant's successors generated so far, as of its last chunk (for progress), or null. */
    private readonly generatedOut: Float64Array | null = null,
  ) {
    const wire = wireOf(model);
    if (wire === null) throw new Error(`internal: ${model.info.protocol}'s states cannot move between threads (Model.portable, engine/participant.ts wireOf)`);
    this.wire = wire;
    this.bounded = bounds.maxStates !== Infinity || bounds.deadline !== Infinity;
    this.maps = Array.from({ length: participants }, wireMap);
    this.peers = Array.from({ length: participants }, () => null);
    this.queue = this.frontier;
  }

  /**
   * Carries on a level this thread's search stopped in (the handoff: engine/parallel.ts), its
   * queues taken as they are, in shared memory: `frontier`, of which states `first` onward are
   * not expanded yet, and `next`, the states found of the level after; and its log of levels.
   */
  resume(frontier: PackedQueue, first: number, next: PackedQueue, log: LevelLog): void {
    this.log = log;
    this.frontier = frontier;
    this.next = next;
    this.first = first;
    this.queue = frontier;
    this.at = this.end = first;
  }

  /**
   * Starts a level: the participants' queues and the content they published (null where there
   * is none), this one's own included and skipped.
   */
  begin(queues: (SharedQueue | null)[], contents: (WireContent | null)[]): void {
    for (let p = 0; p < contents.length; p++) {
      const content = contents[p];
      if (p !== this.index && content !== null) this.wire.wireImport(content, this.maps[p]);
    }
    this.peers = queues.map((q, p) => (p === this.index || q === null || q.length === 0 ? null : new QueueReader(q)));
  }

  /** Expands chunks of the level until none is left; stops early when the table is full. */
  expand(): Round {
    const stopped = this.run();
    // The coordinator reads the exact counts between rounds.
    this.visited.flush();
    if (this.generatedOut !== null) this.generatedOut[this.index * GENERATED_STRIDE] = this.expander.generated;
    if (stopped === PAUSED) return { violation: null, done: false };
    const violation = this.violation;
    this.violation = null;
    return { violation, done: true };
  }

  /**
   * The expansion loop, apart from building the round's result: it returns a number, so the
   * rarely taken exits do not make V8 throw its optimized code away when first taken.
   */
  private run(): number {
    const flags = this.flags;
    const visited = this.visited;
    // One reading of the clock at each chunk boundary: the end of one chunk (ChunkCap), the
    // deadline, a progress report and the start of the next.
    let now = performance.now();
    for (;;) {
      // A violation found or a bound passed by another thread stops this one at its next chunk
      // (atomic loads are calls into V8's runtime: one per chunk, not one per state).
      if (Atomics.load(flags, STOP) !== 0) return DONE;
      if (this.bounded && this.pastBounds(now)) {
        Atomics.compareExchange(flags, STOP, 0, BOUND);
        return DONE;
      }
      // For progress reports: this thread's count of successors generated, read by the
      // coordinating thread in the middle of a level (a plain store: the count is for display).
      if (this.generatedOut !== null) this.generatedOut[this.index * GENERATED_STRIDE] = this.expander.generated;
      if (this.tick !== null) this.tick(now);
      const states = this.end - this.at;
      const t0 = now;
      while (this.at < this.end) {
        if (visited.overLimit) return PAUSED;
        const violation = this.expander.expand(this.queue, this.at++, this.next);
        if (violation) {
          Atomics.store(flags, STOP, VIOLATED);
          this.violation = violation;
          return DONE;
        }
      }
      now = performance.now();
      this.chunks.measured(states, now - t0);
      if (!this.claim()) return DONE;
    }
  }
  /**
   * Whether the search has passed its state bound (as far as this thread can tell: the others'
   * last few unflushed additions are not counted) or its deadline. Checked once a chunk, so a
   * bound stops the threads within a chunk of states each, where a level can take minutes.
   */
  private pastBounds(now: number): boolean {
    const { maxStates, deadline } = this.bounds;
    return this.visited.size >= maxStates || now > deadline;
  }

  /**
   * Called between chunks with the time (performance.now()), in this thread (the coordinating
   * thread's participant: progress reports in the middle of a level, engine/parallel.ts), or null.
   */
  tick: ((now: number) => void) | null = null;

  /** A violation found by run(), until expand() returns it. */
  private violation: Found | null = null;

  /** Claims the next chunk: this thread's own first, then another's. False when none is left. */
  private claim(): boolean {
    const flags = this.flags;
    const own = this.frontier.length;
    const size = chunkSize(own - this.first - Atomics.load(flags, CLAIMS + this.index), this.participants, this.chunks.cap);
    const from = this.first + Atomics.add(flags, CLAIMS + this.index, size);
    if (from < own) {
      this.queue = this.frontier;
      this.at = from;
      this.end = Math.min(from + size, own);
      return true;
    }
    return this.steal();
  }

  /** Claims a chunk of the participant with the most states left, copied and mapped to this thread's ids. */
  private steal(): boolean {
    const flags = this.flags;
    for (;;) {
      let best = -1;
      let most = 0;
      for (let p = 0; p < this.peers.length; p++) {
        const r = this.peers[p];
        if (r === null) continue;
        const left = r.length - r.first - Atomics.load(flags, CLAIMS + p);
        if (left > most) {
          most = left;
          best = p;
        }
      }
      if (best < 0) return false;
      const r = this.peers[best]!;
      const size = chunkSize(most, this.participants, this.chunks.cap);
      const from = r.first + Atomics.add(flags, CLAIMS + best, size);
      if (from >= r.length) continue; // another thread claimed the last one meanwhile
      const block = r.block(from, Math.min(from + size, r.length));
      this.wire.wireDecode(block, this.maps[best]);
      this.scratch.clear();
      this.scratch.pushAll(block);
      this.queue = this.scratch;
      this.at = 0;
      this.end = this.scratch.length;
      return true;
    }
  }

  /**
   * Moves to the next level and publishes it: the queue this thread found (read by the others
   * during the level, never written meanwhile) and the content of the ids interned since.
   */
  advance(): Published {
    this.log.add(this.next, this.level);
    // The two queues take turns, so their buffers are reused.
    [this.frontier, this.next] = [this.next, this.frontier];
    this.next.clear();
    this.queue = this.frontier;
    this.at = this.end = this.first = 0;
    Atomics.store(this.flags, CLAIMS + this.index, 0);
    return this.publish();
  }

  /** The level queue as it is and the content of the ids interned since last published. */
  publish(): Published {
    return { queue: this.frontier.share(this.first), content: this.wire.wireContent(this.sent) };
  }

  stats(): { generated: number; witnessed: Record<string, boolean>; words: number } {
    return { generated: this.expander.generated, witnessed: this.expander.witnessed, words: this.frontier.words + this.next.words };
  }

  /** The content of the ids interned since last published (for the second search's batches: WorkerJudge). */
  content(): WireContent {
    return this.wire.wireContent(this.sent);
  }

  /** The second search's last level, judged here (engine/secondSearch.ts, WorkerJudge). */
  private last: LastLevel | null = null;

  /**
   * Expands a batch of the second search's last-level states, sent by participant `peer` in its
   * ids, in order, until one meets a violation or the counts reach the state bound; after that,
   * skips every batch. Answers with the counts, and the violation or bound and the index of the
   * state that met it.
   */
  private lastBatch(peer: number, content: WireContent, block: PackedBlock): Record<string, unknown> {
    const last = this.last!;
    if (last.ended) return { skipped: true };
    this.wire.wireImport(content, this.maps[peer]);
    this.wire.wireDecode(block, this.maps[peer]);
    const { words, lens } = block;
    for (let i = 0, o = 0; i < lens.length; o += lens[i++]) {
      const end = last.next(words.subarray(o, o + lens[i]));
      if (end !== null) return { counts: last.counts, end, index: i };
    }
    return { counts: last.counts };
  }

  /** Switches to a grown shared table. */
  adopt(table: SharedTable): void {
    this.visited.adopt(table);
  }

  /** Handles a coordinator request by name (what worker threads receive as messages). */
  handle(op: string, msg: Record<string, any>): Record<string, unknown> {
    switch (op) {
      case 'expand':
        if (msg.queues) this.begin(msg.queues, msg.contents);
        // The level the states found now are at (LevelLog).
        if (msg.level !== undefined) this.level = msg.level;
        return { ...this.expand() };
      case 'table':
        this.adopt(msg.table);
        return {};
      case 'advance':
        return { ...this.advance(), ...this.stats() };
      case 'log':
        return { log: this.log.export() };
      case 'lastLevel':
        this.last = new LastLevel(this.model, msg.symmetry ? symmetryOf(this.model) : undefined, this.visited, new Uint8Array(msg.labels), msg.depth, msg.before, msg.maxStates);
        return {};
      case 'lastBatch':
        return this.lastBatch(msg.peer, msg.content, msg.block);
      default:
        throw new Error(`internal: unknown request '${op}'`);
    }
  }
}
