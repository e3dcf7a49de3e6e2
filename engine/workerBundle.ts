/**
 * Worker threads of the parallel explorer start from one JavaScript file bundled by esbuild
 * (engine/bundle.mjs): the worker and the model factory's module with everything they import
 * from this project, instead of each thread transpiling some sixty TypeScript modules through
 * tsx. A thread is ready in a fraction of the time, and runs without tsx's loader.
 *
 * The file is one CommonJS script with xstate in it, not an ES module importing xstate's: a
 * worker then starts without Node's ES module loader, and loads one script, not two modules.
 * Measured: the bundle loaded and running 83 ms after the worker is spawned, against 101 ms
 * (medians of 8 alternated, idle machine). TwoPhase with two workers, alternated pairs: 7 RMs
 * 0.617 s against 0.641 s (faster in 13 of 14 pairs), 8 RMs faster in 38 of 60 pairs (median
 * differences of three batches -0.049, +0.010 and -0.011 s).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

const engineDir = fileURLToPath(new URL('.', import.meta.url));

/** URL of a bundled worker entry that runs engine/parallelWorker.ts with `factoryModule`. */
export function workerBundle(factoryModule: string): Promise<URL> {
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
