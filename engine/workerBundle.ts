/**
 * Worker threads of the parallel explorer start from one JavaScript file bundled by esbuild
 * (the worker and the model factory's module with everything they import from this project;
 * npm packages stay external), instead of each thread transpiling some sixty TypeScript modules
 * through tsx: a thread is ready in a fraction of the time. The bundle is written once per
 * content under node_modules/.cache/distcheck/, so npm packages resolve from there as usual.
 *
 * Bundling takes about 0.1 s, so a manifest beside the bundle records the source files it was
 * built from with a hash of their contents: while none of them has changed, the bundle is
 * reused without running esbuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const engineDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(engineDir);
const cacheDir = join(root, 'node_modules', '.cache', 'distcheck');
let written = 0;

interface Manifest {
  /** Source files the bundle was built from (absolute), and the hash of their contents. */
  inputs: string[];
  hash: string;
  bundle: string;
}

/** URL of a bundled worker entry that runs engine/parallelWorker.ts with `factoryModule`. */
export async function workerBundle(factoryModule: string): Promise<URL> {
  const factoryFile = fileURLToPath(factoryModule);
  const manifestFile = join(cacheDir, `manifest-${digest([engineDir, factoryFile].join('\n'))}.json`);
  const cached = reusableBundle(manifestFile);
  if (cached) return pathToFileURL(cached);

  const { build } = await import('esbuild');
  const contents = [
    `import { runWorker } from ${JSON.stringify(join(engineDir, 'parallelWorker.ts'))};`,
    `import * as factory from ${JSON.stringify(factoryFile)};`,
    'await runWorker(factory);',
  ].join('\n');
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'distcheck-worker.ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
    write: false, logLevel: 'silent', metafile: true,
  });
  const text = result.outputFiles[0].text;
  const file = join(cacheDir, `worker-${digest(text)}.mjs`);
  if (!existsSync(file)) writeAtomically(file, text);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => p !== 'distcheck-worker.ts')
    .map((p) => resolve(root, p))
    .sort();
  recordManifest(manifestFile, inputs, file);
  return pathToFileURL(file);
}

/** Records that `bundle` was built from `inputs` as they are now (nothing if one is unreadable). */
export function recordManifest(manifestFile: string, inputs: string[], bundle: string): void {
  const hash = hashOf(inputs);
  if (hash !== null) writeAtomically(manifestFile, JSON.stringify({ inputs, hash, bundle } satisfies Manifest));
}

/** The bundle a manifest names, when it exists and none of its inputs changed since. */
export function reusableBundle(manifestFile: string): string | null {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch {
    return null;
  }
  if (!Array.isArray(manifest.inputs) || typeof manifest.bundle !== 'string' || !existsSync(manifest.bundle)) return null;
  return hashOf(manifest.inputs) === manifest.hash ? manifest.bundle : null;
}

/** Hash of the files' names and contents; null when one cannot be read. */
function hashOf(files: string[]): string | null {
  const h = createHash('sha256');
  try {
    for (const f of files) h.update(f).update('\0').update(readFileSync(f)).update('\0');
  } catch {
    return null;
  }
  return h.digest('hex');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Written aside then renamed: concurrent test processes never see half a file. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${++written}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
