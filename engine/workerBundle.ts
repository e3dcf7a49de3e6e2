/**
 * Worker threads of the parallel explorer start from one JavaScript file bundled by esbuild
 * (engine/bundle.mjs): the worker and the model factory's module with everything they import
 * from this project, instead of each thread transpiling some sixty TypeScript modules through
 * tsx. A thread is ready in a fraction of the time, and runs without tsx's loader.
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
    'await runWorker(factory);',
  ].join('\n');
  return bundle({ name: 'worker', contents });
}
