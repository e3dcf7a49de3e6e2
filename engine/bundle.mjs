/**
 * Runs this project's TypeScript from one JavaScript file bundled by esbuild (everything it
 * imports from this project; npm packages stay external), for the processes and threads whose
 * speed is measured: the `distcheck` command, the explorer's worker threads and the benchmark.
 *
 * Why not tsx, which runs the sources as they are: with tsx's loader registered, the explorer's
 * hot loop runs about 15% slower (8 interleaved pairs of the same JavaScript, TwoPhase with
 * 8 RMs: median 3.38 s with `--import tsx` against 2.93 s without), and each worker thread
 * would transpile some sixty modules (about 0.2 s) before its first state.
 *
 * Plain JavaScript (with engine/bundle.d.mts for TypeScript), because cli/bin.mjs imports it
 * before anything can load TypeScript.
 *
 * A bundle is written once per content under node_modules/.cache/distcheck/, so npm packages
 * resolve from there as usual. Bundling takes a few tenths of a second, so a manifest beside
 * the bundle records the source files it was built from with a hash of their contents: while
 * none of them has changed, the bundle is reused without running esbuild.
 *
 * `import.meta.url`, `import.meta.dirname` and `import.meta.filename` in the project's sources
 * are replaced by their values for the source file, so code that finds files next to itself
 * (the viewer's assets, the worker's model factory) does the same bundled or not.
 *
 * xstate comes from its ES module build (xstateModuleBuild): imported by path, or bundled in
 * in a CommonJS bundle (the explorer's worker threads).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const thisFile = fileURLToPath(import.meta.url);
export const projectRoot = dirname(dirname(thisFile));
const cacheDir = join(projectRoot, 'node_modules', '.cache', 'distcheck');
let written = 0;

/**
 * URL of a bundle of `contents` (TypeScript whose imports resolve from the project root), built
 * now or reused. `name` prefixes the file names (cli, worker, measure); `key` tells apart the
 * manifests of one name (by default the contents). `format` 'cjs' writes a CommonJS script
 * (.cjs) with xstate in it, for worker threads (engine/threads.mjs, workerBundle, says why); its
 * contents cannot await at top level.
 * @param {{ name: string; contents: string; key?: string; format?: 'esm' | 'cjs' }} entry
 * @returns {Promise<URL>}
 */
export async function bundle({ name, contents, key = contents, format = 'esm' }) {
  const esm = format === 'esm';
  const manifestFile = join(cacheDir, `${name}-manifest-${digest(`${format}\0${key}`)}.json`);
  const cached = reusableBundle(manifestFile);
  if (cached) return pathToFileURL(cached);

  const { build } = await import('esbuild');
  const result = await build({
    stdin: { contents, resolveDir: projectRoot, loader: 'ts', sourcefile: `distcheck-${name}.ts` },
    bundle: true, platform: 'node', format, target: 'node20', packages: 'external',
    write: false, logLevel: 'silent', metafile: true, plugins: [importMetaOfSource, xstateModuleBuild(esm)],
    // The metafile's input paths are relative to this, whatever the current directory.
    absWorkingDir: projectRoot,
  });
  const text = result.outputFiles[0].text;
  const file = join(cacheDir, `${name}-${digest(text)}.${esm ? 'mjs' : 'cjs'}`);
  if (!existsSync(file)) writeAtomically(file, text);
  const sources = Object.keys(result.metafile.inputs)
    .filter((p) => !p.startsWith('distcheck-'))
    .map((p) => resolve(projectRoot, p));
  // This file too: how it bundles (its plugins) is part of what a bundle is built from.
  const inputs = [...new Set([...sources, thisFile])].sort();
  recordManifest(manifestFile, inputs, file);
  pruneBundles(cacheDir, name, file);
  return pathToFileURL(file);
}

/**
 * Removes the bundles of `name` in `dir` that no manifest names any more (built from sources
 * since changed), so the cache does not grow with every edit. One written less than a minute
 * before `newest` stays: another process may have built it and not yet recorded its manifest.
 * @param {string} dir @param {string} name @param {string} newest
 */
export function pruneBundles(dir, name, newest) {
  try {
    const files = readdirSync(dir);
    const named = new Set();
    for (const f of files) {
      if (!f.endsWith('.json') || !f.includes('-manifest-')) continue;
      try {
        named.add(JSON.parse(readFileSync(join(dir, f), 'utf8')).bundle);
      } catch {
        // unreadable: it names nothing
      }
    }
    const now = statSync(newest).mtimeMs;
    for (const f of files) {
      const path = join(dir, f);
      if (!f.startsWith(`${name}-`) || !/\.[mc]js$/.test(f) || named.has(path)) continue;
      if (now - statSync(path).mtimeMs > 60_000) unlinkSync(path);
    }
  } catch {
    // A cache left untidy is no failure (another process may be pruning too).
  }
}

/**
 * esbuild plugin: `xstate` as the package's ES module build (its `module` entry). An ES module
 * bundle imports it by file URL: Node would load its `import` entry, a wrapper around the
 * CommonJS build whose export names it finds by scanning that source with cjs-module-lexer,
 * which is JavaScript: in a worker thread, started while the coordinating thread explores, the
 * scan and V8's optimizing of the scanner took about 10 ms and 80 ms of CPU from the same two
 * cores. A CommonJS bundle has it bundled in (other packages stay external), so a worker thread
 * loads one script rather than two. Everything in a bundle uses this one xstate, so each thread
 * has one instance of it.
 * @param {boolean} imported
 */
function xstateModuleBuild(imported) {
  return {
    name: 'xstate-module-build',
    /** @param {any} build */
    setup(build) {
      const file = moduleBuild('xstate');
      if (file) build.onResolve({ filter: /^xstate$/ }, () => (imported ? { path: pathToFileURL(file).href, external: true } : { path: file }));
    },
  };
}

/** Path of a package's ES module build (its exports' `module` entry), or null. @param {string} name */
export function moduleBuild(name) {
  try {
    const manifest = createRequire(join(projectRoot, 'package.json')).resolve(`${name}/package.json`);
    const entry = JSON.parse(readFileSync(manifest, 'utf8')).exports?.['.']?.module;
    const file = typeof entry === 'string' ? join(dirname(manifest), entry) : null;
    return file && existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/**
 * esbuild plugin: import.meta's url, dirname and filename in the project's own modules
 * (TypeScript and JavaScript, this file included) as the source file's.
 */
const importMetaOfSource = {
  name: 'import-meta-of-source',
  /** @param {any} build */
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (/** @type {{ path: string }} */ args) => {
      if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
      const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return { contents: text, loader };
      const values = { url: pathToFileURL(args.path).href, dirname: dirname(args.path), filename: args.path };
      return { contents: text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, k) => JSON.stringify(values[/** @type {'url'} */ (k)])), loader };
    });
  },
};

/**
 * Records that `bundle` was built from `inputs` as they are now (nothing if one is unreadable).
 * @param {string} manifestFile @param {string[]} inputs @param {string} bundleFile
 */
export function recordManifest(manifestFile, inputs, bundleFile) {
  const hash = hashOf(inputs);
  if (hash !== null) writeAtomically(manifestFile, JSON.stringify({ inputs, hash, bundle: bundleFile }));
}

/**
 * The bundle a manifest names, when it exists and none of its inputs changed since.
 * @param {string} manifestFile
 * @returns {string | null}
 */
export function reusableBundle(manifestFile) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(manifest?.inputs) || typeof manifest.bundle !== 'string' || !existsSync(manifest.bundle)) return null;
  return hashOf(manifest.inputs) === manifest.hash ? manifest.bundle : null;
}

/** Hash of the files' names and contents; null when one cannot be read. @param {string[]} files */
function hashOf(files) {
  const h = createHash('sha256');
  try {
    for (const f of files) h.update(f).update('\0').update(readFileSync(f)).update('\0');
  } catch {
    return null;
  }
  return h.digest('hex');
}

/** @param {string} text */
function digest(text) {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Written aside then renamed: concurrent processes never see half a file. @param {string} file @param {string} text */
function writeAtomically(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${++written}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
