/**
 * Worker threads of the parallel explorer start from one JavaScript file bundled by esbuild
 * (the worker and the model factory's module with everything they import from this project;
 * npm packages stay external), instead of each thread transpiling some sixty TypeScript modules
 * through tsx: a thread is ready in a fraction of the time. The bundle is written once per
 * content under node_modules/.cache/distcheck/, so npm packages resolve from there as usual.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const engineDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(engineDir);
let written = 0;

/** URL of a bundled worker entry that runs engine/parallelWorker.ts with `factoryModule`. */
export async function workerBundle(factoryModule: string): Promise<URL> {
  const { build } = await import('esbuild');
  const contents = [
    `import { runWorker } from ${JSON.stringify(join(engineDir, 'parallelWorker.ts'))};`,
    `import * as factory from ${JSON.stringify(fileURLToPath(factoryModule))};`,
    'await runWorker(factory);',
  ].join('\n');
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'distcheck-worker.ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
    write: false, logLevel: 'silent',
  });
  const text = result.outputFiles[0].text;
  const dir = join(root, 'node_modules', '.cache', 'distcheck');
  const file = join(dir, `worker-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written aside then renamed: concurrent test processes never see half a file.
    const tmp = `${file}.${process.pid}.${++written}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
  return pathToFileURL(file);
}
