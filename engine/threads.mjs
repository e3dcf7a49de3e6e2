/**
 * Starting the parallel explorer's worker threads (engine/parallel.ts), in plain JavaScript so
 * that a launcher (cli/bin.mjs) can start them before it loads the rest of the program:
 * **early workers**.
 *
 * A worker thread takes about a quarter of a second to be ready: Node sets the thread up and
 * loads its bundle (about 80 ms on an idle core), it writes every page of the shared visited set
 * once (about 0.1 s for 32 MB here: each first touch of a page is a fault the kernel serves),
 * and it builds the model. Started by the search, all of that runs while the coordinating
 * thread explores alone, and the search waits for it. Started by the launcher, with a visited
 * set of the default size the launcher allocates, it runs while the coordinating thread is
 * still loading the program and building its model, and the worker is ready that much sooner.
 * In the distcheck command, whose own start-up takes about 0.35 s, the worker is ready when the
 * search starts: TwoPhase with 8 RMs hands over at about 0.14 s instead of 0.36 s, and two
 * workers were 1.57–1.76× one thread in the bench against 1.52–1.56× before
 * (docs/benchmarks.md).
 *
 * Every worker waits for its orders (the model, the shared table, its number) in a message; an
 * early worker knows only the model factory's module and its table when it starts, and gets the
 * rest when the search takes it (takeEarlyWorkers). Until then it does not keep the process
 * alive, and a search that does not match it (another factory module or thread count) starts
 * its own.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { bundle } from './bundle.mjs';
import { DEFAULT_SLOTS, sharedTableBuffers } from './sharedTable.mjs';

const engineDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * URL of a bundled worker entry that runs engine/parallelWorker.ts with `factoryModule`.
 *
 * Worker threads start from one JavaScript file bundled by esbuild (engine/bundle.mjs): the
 * worker and the model factory's module with everything they import from this project, instead
 * of each thread transpiling some sixty TypeScript modules through tsx. A thread is ready in a
 * fraction of the time, and runs without tsx's loader.
 *
 * The file is one CommonJS script with xstate in it, not an ES module importing xstate's: a
 * worker then starts without Node's ES module loader, and loads one script, not two modules.
 * Measured: the bundle loaded and running 83 ms after the worker is spawned, against 101 ms
 * (medians of 8 alternated, idle machine). TwoPhase with two workers, alternated pairs: 7 RMs
 * 0.617 s against 0.641 s (faster in 13 of 14 pairs), 8 RMs faster in 38 of 60 pairs (median
 * differences of three batches -0.049, +0.010 and -0.011 s).
 * @param {string} factoryModule file URL
 * @returns {Promise<URL>}
 */
export function workerBundle(factoryModule) {
  const factoryFile = fileURLToPath(factoryModule);
  const contents = [
    `import { runWorker } from ${JSON.stringify(join(engineDir, 'parallelWorker.ts'))};`,
    `import * as factory from ${JSON.stringify(factoryFile)};`,
    // No top-level await in a CommonJS script: a failure is thrown outside the promise, so the
    // thread fails with it (an 'error' event where it was started).
    'runWorker(factory).catch((e) => process.nextTick(() => { throw e; }));',
  ].join('\n');
  return bundle({ name: 'worker', contents, format: 'cjs' });
}

/**
 * Starts `count` worker threads running `entry`; each waits for the search's orders
 * (engine/parallelWorker.ts), touching the pages of `table` meanwhile if given.
 *
 * Their V8 compiles their hot functions in the thread itself, not on a background thread as it
 * does by default (and still does in this thread). A fresh worker compiles much of the
 * explorer again (V8 shares no compiled code between threads) while this thread is already at
 * full speed: compiled in the background, that work ran beside both threads, on a machine with
 * as many cores as threads, and slowed this one; compiled in the worker, it only delays the
 * worker, which is slow until then anyway. Paired runs, TwoPhase with 2 workers, 10 pairs
 * each: 8 RMs 1.70 s against 1.81 s, 7 RMs 0.73 s against 0.78 s; 9 RMs 11.3 s against 11.4 s
 * (4 pairs).
 *
 * V8 reads the setting when it sets up a thread's isolate, so it is switched off around the
 * workers' start and back on once each has started (or failed to), unless the process was
 * started with it off. Only the workers' isolates see it (and, at worst, those of workers
 * another search in this process starts meanwhile: how fast they warm up, not what they find).
 * @param {URL} entry @param {number} count @param {SharedTable} [table]
 * @returns {Worker[]}
 */
export function startWorkers(entry, count, table) {
  const start = () => Array.from({ length: count }, () => spawn(entry, table && { table }));
  if (process.execArgv.includes('--no-concurrent-recompilation')) return start();
  setFlagsFromString('--no-concurrent-recompilation');
  let workers;
  try {
    workers = start();
  } catch (e) {
    setFlagsFromString('--concurrent-recompilation');
    throw e;
  }
  const started = workers.map((w) => new Promise((resolve) => {
    w.once('online', resolve);
    w.once('error', resolve);
    w.once('exit', resolve);
  }));
  void Promise.all(started).then(() => setFlagsFromString('--concurrent-recompilation'));
  return workers;
}

/**
 * A worker thread running the bundle, with the process's Node options but its module loaders
 * (workerExecArgv). Node refuses some options in a worker's list (V8 and process-wide ones,
 * such as --max-old-space-size or --trace-gc: they apply to every thread anyway); with one of
 * those the worker gets no options rather than failing.
 * @param {URL} entry @param {unknown} workerData
 */
function spawn(entry, workerData) {
  try {
    return new Worker(entry, { execArgv: workerExecArgv(process.execArgv), workerData });
  } catch (e) {
    if (/** @type {{ code?: string }} */ (e).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    return new Worker(entry, { execArgv: [], workerData });
  }
}

/**
 * The process's Node options without module loaders and preloads (`--import tsx` and the like):
 * a worker runs a plain JavaScript bundle, and tsx's hooks would cost each thread about 0.2 s of
 * start-up.
 * @param {readonly string[]} argv
 * @returns {string[]}
 */
export function workerExecArgv(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^(--import|--loader|--experimental-loader|--require|-r)(=.*)?$/.exec(a);
    if (!m) out.push(a);
    else if (m[2] === undefined) i++; // the value is the next argument
  }
  return out;
}

/** Where early workers wait: on globalThis, since the launcher and the bundle it loads each have their own copy of this module. */
const EARLY = Symbol.for('distcheck.earlyWorkers');

/**
 * @typedef {import('./sharedTable.d.mts').SharedTable} SharedTable
 * @typedef {{ factoryModule: string; table: SharedTable; workers: Worker[]; failed: boolean; fail: () => void }} EarlyWorkers
 */

/**
 * Starts `threads - 1` workers for a search with `factoryModule`, before the program that will
 * run it is loaded. They are left for takeEarlyWorkers and do not keep the process alive until
 * taken. Does nothing if `threads` < 2 or if early workers are waiting already; a worker bundle
 * that cannot be built starts none (the search reports why when it builds it).
 * @param {string} factoryModule file URL @param {number} threads
 */
export async function startEarlyWorkers(factoryModule, threads) {
  if (threads < 2 || /** @type {any} */ (globalThis)[EARLY]) return;
  let entry;
  try {
    entry = await workerBundle(factoryModule);
  } catch {
    return;
  }
  const table = sharedTableBuffers(DEFAULT_SLOTS);
  /** @type {EarlyWorkers} */
  const early = { factoryModule, table, workers: startWorkers(entry, threads - 1, table), failed: false, fail: () => (early.failed = true) };
  for (const w of early.workers) {
    w.unref();
    // Recorded for takeEarlyWorkers: an 'error' event nobody listens to would end the process.
    w.on('error', early.fail);
    w.on('exit', early.fail);
  }
  /** @type {any} */ (globalThis)[EARLY] = early;
}

/**
 * The early workers (startEarlyWorkers), if they were started for this factory module and
 * thread count and none has failed: taken, and kept alive from now on, with the shared table
 * (of DEFAULT_SLOTS slots) whose pages they touch. Otherwise null, and any early workers are
 * stopped.
 * @param {string} factoryModule @param {number} threads
 * @returns {{ workers: Worker[]; table: SharedTable } | null}
 */
export function takeEarlyWorkers(factoryModule, threads) {
  /** @type {EarlyWorkers | undefined} */
  const early = /** @type {any} */ (globalThis)[EARLY];
  if (!early) return null;
  delete (/** @type {any} */ (globalThis)[EARLY]);
  if (early.failed || early.factoryModule !== factoryModule || early.workers.length !== threads - 1) {
    for (const w of early.workers) void w.terminate();
    return null;
  }
  for (const w of early.workers) {
    w.off('error', early.fail);
    w.off('exit', early.fail);
    w.ref();
  }
  return { workers: early.workers, table: early.table };
}

/**
 * The most threads `--workers` takes: 64, or one per core where there are more. Each thread
 * costs about 7 MB and its own start-up whether or not the search needs it (a thousand took
 * 7 GB and 6 s for a search of 1,568 states), so a larger count is far more likely a slip than
 * a wish, and the same command line is valid on every machine up to 64 cores.
 */
export function maxWorkers() {
  return Math.max(64, availableParallelism());
}

/**
 * The thread count a command line asks for with `--workers N`, `--workers=N` or `auto` (one per
 * core), or 1 when it does not ask or the value is not one of those or is over maxWorkers: a
 * hint for starting workers early, read before the command's own parser (which decides, and
 * reports a bad value).
 * @param {readonly string[]} args
 */
export function workersRequested(args) {
  for (let i = 0; i < args.length; i++) {
    const m = /^--workers(?:=(.*))?$/.exec(args[i]);
    if (!m) continue;
    const value = m[1] ?? args[i + 1];
    const n = value === 'auto' ? availableParallelism() : /^[0-9]+$/.test(value ?? '') ? Number(value) : 1;
    return n >= 1 && n <= maxWorkers() ? n : 1;
  }
  return 1;
}
