/**
 * Parallel exhaustive exploration over worker threads (`explore --workers N`).
 *
 * Level-synchronous BFS over one visited set in shared memory (a lock-free table all workers
 * add to, engine/fpset.ts). Each worker expands the states it discovered itself; between levels
 * the coordinator moves states from the fullest queues to the emptiest so every core has work.
 * The states of a level do not depend on which thread found them, so the distinct, generated
 * and depth counts are identical to the sequential explorer's. When the table passes its load
 * limit the workers stop at a state boundary, the coordinator builds a larger table, and the
 * level resumes.
 *
 * On a violation the level it was found at is known; the sequential explorer is then rerun with
 * that depth bound in this thread to return the shortest counterexample with its path.
 */
import { Worker } from 'node:worker_threads';
import { explore, type ExploreOptions } from './explore.js';
import { SharedFingerprintSet } from './fpset.js';
import { workerBundle } from './workerBundle.js';
import type { Model } from './model.js';
import type { ExploreResult, Outcome } from './result.js';

/** How a worker builds the model: `(await import(module))[export](...args)`. */
export interface ModelFactory {
  module: string;
  export: string;
  args: unknown[];
}

interface Reply {
  id: number;
  [k: string]: any;
}

class Peer {
  private seq = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>();
  private failure: unknown;
  readonly ready: Promise<void>;

  constructor(readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (r: Reply) => {
        if (r.id === 0) return resolve();
        this.waiting.get(r.id)?.resolve(r);
        this.waiting.delete(r.id);
      });
      // A worker that dies fails every pending call, so the search stops instead of hanging.
      const fail = (e: unknown) => {
        this.failure = e;
        reject(e);
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`explorer worker exited (code ${code})`)));
    });
  }

  /** Calls op in the worker; `transfer` lists buffers that move to it instead of being copied. */
  call(op: string, fields: Record<string, unknown> = {}, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.seq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, ...fields }, transfer);
    });
  }
}

export async function exploreParallel(
  factory: ModelFactory,
  local: Model<any, any, any>,
  workers: number,
  options: ExploreOptions & { tableCapacity?: number } = {},
): Promise<ExploreResult> {
  const started = performance.now();
  const table = SharedFingerprintSet.create(options.tableCapacity ?? 1 << 22);
  const stop = new SharedArrayBuffer(8);
  const entry = await workerBundle(factory.module);
  const peers = Array.from({ length: workers }, (_, index) => new Peer(new Worker(entry, {
    execArgv: workerExecArgv(process.execArgv),
    workerData: { factory, index, workers, symmetry: !!options.symmetry, table: table.buffers, stop },
  })));
  try {
    await Promise.all(peers.map((p) => p.ready));
    const result = await levels(peers, table, new Int32Array(stop), options, started);
    if (result.found) {
      // Rerun sequentially, bounded by the depth the violation appeared at: shortest path.
      const r = explore(local, { ...options, maxDepth: result.depth + 1 });
      return { ...r, durationMs: Math.round(performance.now() - started) };
    }
    return result.outcome;
  } finally {
    await Promise.all(peers.map((p) => p.worker.terminate()));
  }
}

/**
 * The process's Node options without module loaders and preloads (`--import tsx` and the like):
 * a worker runs a plain JavaScript bundle, and tsx's hooks would cost each thread about 0.2 s of
 * start-up. Everything else (memory limits, V8 flags) is kept.
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^(--import|--loader|--experimental-loader|--require|-r)(=.*)?$/.exec(a);
    if (!m) out.push(a);
    else if (m[2] === undefined) i++; // the value is the next argument
  }
  return out;
}

async function levels(peers: Peer[], initialTable: SharedFingerprintSet, flags: Int32Array, options: ExploreOptions, started: number): Promise<{ found: boolean; depth: number; outcome: ExploreResult }> {
  const { maxDepth = Infinity, maxStates = Infinity, maxSeconds = Infinity } = options;
  let table = initialTable;
  let depth = 0;
  if ((await peers[0].call('init')).violation) return { found: true, depth, outcome: null as never };
  let sizes = (await Promise.all(peers.map((p) => p.call('advance')))).map((r) => r.frontier as number);
  let lastReport = started;
  for (;;) {
    const frontier = sizes.reduce((a, b) => a + b, 0);
    const stats = await Promise.all(peers.map((p) => p.call('stats')));
    const distinct = table.size;
    const generated = stats.reduce((n, r) => n + r.generated, 0);
    const witnessed: Record<string, boolean> = {};
    for (const r of stats) for (const [k, v] of Object.entries(r.witnessed as Record<string, boolean>)) witnessed[k] = witnessed[k] || v;
    const finish = (outcome: Outcome) => ({
      found: false, depth,
      outcome: { ...outcome, distinctStates: distinct, generatedStates: generated, depth, durationMs: Math.round(performance.now() - started), witnessed },
    });
    const now = performance.now();
    if (options.onProgress && now - lastReport >= (options.progressEveryMs ?? 1000)) {
      lastReport = now;
      options.onProgress({ distinct, generated, queue: frontier, depth, statesPerSecond: Math.round(generated / ((now - started) / 1000)), elapsedMs: now - started });
    }
    if (frontier === 0) {
      const vacuous = Object.entries(witnessed).filter(([, v]) => !v).map(([k]) => `'${k}'`);
      return finish(vacuous.length ? { verdict: 'unknown', reason: `vacuous: no reachable state satisfies ${vacuous.join(', ')}` } : { verdict: 'ok' });
    }
    if (depth >= maxDepth) return finish({ verdict: 'unknown', reason: `depth bound ${maxDepth} reached with ${frontier} states unexpanded` });
    if (distinct >= maxStates) return finish({ verdict: 'unknown', reason: `state bound ${maxStates} reached` });
    if (now - started > maxSeconds * 1000) return finish({ verdict: 'unknown', reason: `time bound ${maxSeconds}s reached` });
    await rebalance(peers, sizes);
    depth++;
    for (;;) {
      // The first worker to run out of work asks the others to yield what they have left.
      const rounds = await Promise.all(peers.map((p) => p.call('expand').then((r) => {
        if (r.done) Atomics.store(flags, 1, 1);
        return r;
      })));
      Atomics.store(flags, 1, 0);
      if (rounds.some((r) => r.violation)) return { found: true, depth, outcome: null as never };
      if (rounds.every((r) => r.done)) break;
      // The shared table passed its load limit: a larger one, then resume the level.
      if (table.full) {
        table = table.grownFrom();
        await Promise.all(peers.map((p) => p.call('table', { table: table.buffers })));
      }
      // Share the unexpanded rest of the level.
      await rebalance(peers, rounds.map((r) => r.left as number));
    }
    sizes = (await Promise.all(peers.map((p) => p.call('advance')))).map((r) => r.frontier as number);
    if (sizes.every((n) => n === 0)) depth--; // the last level found nothing new
  }
}

/** Moves states from queues above the mean to queues below it (only when it is worth a copy). */
async function rebalance(peers: Peer[], sizes: number[]): Promise<void> {
  const total = sizes.reduce((a, b) => a + b, 0);
  const mean = Math.floor(total / peers.length);
  if (Math.max(...sizes) - Math.min(...sizes) < Math.max(64, total / 20)) return;
  const donors = sizes.map((n, i) => [i, n - mean]).filter(([, d]) => d > 0);
  const takers = sizes.map((n, i) => [i, mean - n]).filter(([, d]) => d > 0);
  for (const taker of takers) {
    for (const donor of donors) {
      const count = Math.min(taker[1], donor[1]);
      if (count <= 0) continue;
      const { packet } = await peers[donor[0]].call('give', { count, to: taker[0] });
      await peers[taker[0]].call('take', { from: donor[0], packet }, [packet.data.buffer]);
      taker[1] -= count;
      donor[1] -= count;
      sizes[donor[0]] -= count;
      sizes[taker[0]] += count;
    }
  }
}
