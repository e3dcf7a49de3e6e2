/**
 * Parallel exhaustive exploration over worker threads (`explore --workers N`).
 *
 * Level-synchronous BFS: each worker owns the fingerprints ≡ its index (mod N) and the states
 * behind them (engine/parallelWorker.ts). Per level: every worker expands its frontier; the
 * triples it generated for peers go to their owners, which answer with the new ones; the
 * senders build and ship exactly those. The distinct count is therefore identical to the
 * sequential explorer's. Workers rebuild the model from a factory (module + export + args), as
 * models hold functions that cannot cross threads.
 *
 * On a violation the level it was found at is known; the sequential explorer is then rerun with
 * that depth bound in this thread to return the shortest counterexample with its path.
 */
import { Worker } from 'node:worker_threads';
import { explore, type ExploreOptions } from './explore.js';
import type { Model } from './model.js';
import type { ExploreResult, Outcome } from './result.js';
import type { WirePacket } from './cluster.js';

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

  call(op: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.seq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, ...fields });
    });
  }
}

export async function exploreParallel(
  factory: ModelFactory,
  local: Model<any, any, any>,
  workers: number,
  options: ExploreOptions = {},
): Promise<ExploreResult> {
  const started = performance.now();
  const peers = Array.from({ length: workers }, (_, index) => new Peer(new Worker(new URL('./parallelWorker.mjs', import.meta.url), {
    workerData: { factory, index, workers, symmetry: !!options.symmetry },
  })));
  try {
    await Promise.all(peers.map((p) => p.ready));
    const result = await levels(peers, options, started);
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

async function levels(peers: Peer[], options: ExploreOptions, started: number): Promise<{ found: boolean; depth: number; outcome: ExploreResult }> {
  const W = peers.length;
  const { maxDepth = Infinity, maxStates = Infinity, maxSeconds = Infinity } = options;
  const found = (rs: Reply[]) => rs.some((r) => r.violation);
  let depth = 0;
  if (found(await Promise.all(peers.map((p) => p.call('init'))))) return { found: true, depth, outcome: null as never };
  let frontier = (await Promise.all(peers.map((p) => p.call('advance')))).reduce((n, r) => n + r.frontier, 0);
  let lastReport = started;
  for (;;) {
    const stats = await Promise.all(peers.map((p) => p.call('stats')));
    const distinct = stats.reduce((n, r) => n + r.distinct, 0);
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
    depth++;
    const expanded = await Promise.all(peers.map((p) => p.call('expand')));
    if (found(expanded)) return { found: true, depth, outcome: null as never };
    // Owners deduplicate what peers generated for them.
    const accepted: Int32Array[][] = peers.map(() => []);
    await Promise.all(peers.map(async (owner, o) => {
      for (let k = 0; k < W; k++) if (k !== o) accepted[k][o] = (await owner.call('dedupe', { cand: expanded[k].cands[o] })).acc;
    }));
    // Senders build the new ones; owners take them in.
    const packets: WirePacket[][] = peers.map(() => []);
    await Promise.all(peers.map(async (sender, k) => {
      for (let o = 0; o < W; o++) if (o !== k) packets[k][o] = (await sender.call('materialize', { owner: o, acc: accepted[k][o] })).packet;
    }));
    const received = await Promise.all(peers.map(async (owner, o) => {
      let violation = false;
      for (let k = 0; k < W; k++) if (k !== o && (await owner.call('receive', { from: k, packet: packets[k][o] })).violation) violation = true;
      return violation;
    }));
    if (received.some(Boolean)) return { found: true, depth, outcome: null as never };
    frontier = (await Promise.all(peers.map((p) => p.call('advance')))).reduce((n, r) => n + r.frontier, 0);
    if (frontier === 0) depth--; // the last level found nothing new
  }
}
