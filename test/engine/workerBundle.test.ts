import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { workerBundle, workerExecArgv } from '../../engine/threads.mjs';
import { bundle, moduleBuild, pruneBundles, recordManifest, reusableBundle } from '../../engine/bundle.mjs';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

describe('worker bundle cache', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  /** A scratch directory with two inputs and a bundle written, and where the manifest goes. */
  function scratch(): { a: string; b: string; bundle: string; manifest: string } {
    const d = mkdtempSync(join(tmpdir(), 'distcheck-bundle-'));
    dirs.push(d);
    const files = { a: join(d, 'a.ts'), b: join(d, 'b.ts'), bundle: join(d, 'worker.mjs'), manifest: join(d, 'manifest.json') };
    writeFileSync(files.a, 'export const a = 1;');
    writeFileSync(files.b, 'export const b = 2;');
    writeFileSync(files.bundle, '// bundled');
    return files;
  }

  it('reuses a bundle while its inputs are unchanged, and not after one changes or the bundle is gone', () => {
    const { a, b, bundle, manifest } = scratch();
    expect(reusableBundle(manifest)).toBeNull(); // no manifest yet
    recordManifest(manifest, [a, b], bundle);
    expect(reusableBundle(manifest)).toBe(bundle);
    writeFileSync(b, 'export const b = 3;');
    expect(reusableBundle(manifest)).toBeNull();
    recordManifest(manifest, [a, b], bundle);
    expect(reusableBundle(manifest)).toBe(bundle);
    rmSync(bundle);
    expect(reusableBundle(manifest)).toBeNull();
  });

  it('prunes the bundles of a name no manifest names, unless written within a minute of the newest', () => {
    const { a, manifest } = scratch();
    const d = dirname(manifest);
    const at = (file: string, secondsAgo: number) => {
      writeFileSync(file, '// bundled');
      const t = new Date(Date.UTC(2026, 0, 1, 12) - secondsAgo * 1000);
      utimesSync(file, t, t);
      return file;
    };
    const newest = at(join(d, 'worker-new.mjs'), 0);
    const named = at(join(d, 'worker-named.mjs'), 600);
    const stale = at(join(d, 'worker-stale.mjs'), 120);
    const recent = at(join(d, 'worker-recent.mjs'), 30);
    const otherName = at(join(d, 'cli-stale.mjs'), 600);
    recordManifest(join(d, 'worker-manifest-1.json'), [a], newest);
    recordManifest(join(d, 'cli-manifest-2.json'), [a], named); // any manifest keeps its bundle
    writeFileSync(join(d, 'worker-manifest-3.json'), '{not json');
    pruneBundles(d, 'worker', newest);
    expect(existsSync(stale)).toBe(false);
    for (const f of [newest, named, recent, otherName]) expect(existsSync(f)).toBe(true);
  });

  it('treats a corrupt manifest or a vanished input as a miss', () => {
    const { a, bundle, manifest } = scratch();
    writeFileSync(manifest, '{not json');
    expect(reusableBundle(manifest)).toBeNull();
    recordManifest(manifest, [a], bundle);
    rmSync(a);
    expect(reusableBundle(manifest)).toBeNull();
  });
});

describe('bundles', () => {
  it("keep each source's import.meta, and are rebuilt when a source changes", async () => {
    const d = mkdtempSync(join(tmpdir(), 'distcheck-meta-'));
    const made: URL[] = [];
    try {
      const file = join(d, 'where.ts');
      writeFileSync(file, 'export const url: string = import.meta.url, dir: string = import.meta.dirname, n = 1;');
      const contents = `export * from ${JSON.stringify(file)};`;
      // One manifest for every run of this test (the bundles themselves are removed below).
      const entry = { name: 'test', contents, key: 'import-meta' };
      const first = await bundle(entry);
      made.push(first);
      expect(fileURLToPath(first)).not.toBe(file);
      const m = await import(first.href);
      expect(m).toMatchObject({ url: pathToFileURL(file).href, dir: dirname(file), n: 1 });
      expect((await bundle(entry)).href).toBe(first.href); // reused
      writeFileSync(file, 'export const url: string = import.meta.url, dir: string = import.meta.dirname, n = 2;');
      const second = await bundle(entry);
      made.push(second);
      expect(second.href).not.toBe(first.href);
      expect((await import(second.href)).n).toBe(2);
    } finally {
      for (const f of [d, ...made.map((u) => fileURLToPath(u))]) rmSync(f, { recursive: true, force: true });
    }
  });
});

describe('bundled bundler', () => {
  it('finds the project root and its cache from inside a bundle (the command runs bundled)', async () => {
    const entry = { name: 'test', contents: `export { projectRoot } from ${JSON.stringify(join(root, 'engine', 'bundle.mjs'))};`, key: 'bundled-root' };
    const url = await bundle(entry);
    try {
      expect((await import(url.href)).projectRoot).toBe(root);
      expect((await bundle(entry)).href).toBe(url.href); // its manifest names readable inputs: reused
      // The bundler itself is an input: a change to how it bundles rebuilds every bundle.
      const cache = join(root, 'node_modules', '.cache', 'distcheck');
      const manifests = readdirSync(cache).filter((f) => f.startsWith('test-manifest-')).map((f) => JSON.parse(readFileSync(join(cache, f), 'utf8')));
      const mine = manifests.find((m) => m.bundle === fileURLToPath(url));
      expect(mine.inputs).toContain(join(root, 'engine', 'bundle.mjs'));
    } finally {
      rmSync(fileURLToPath(url), { force: true });
    }
  });
});

describe('the explorer worker bundle', () => {
  it("is one CommonJS script with xstate's ES module build in it, requiring only Node built-ins (not commander, not tsx)", async () => {
    const url = await workerBundle(pathToFileURL(join(root, 'cli', 'registry.ts')).href);
    expect(url.pathname).toMatch(/\/worker-[0-9a-f]{16}\.cjs$/);
    const text = readFileSync(url, 'utf8');
    expect(text).not.toMatch(/^import\s/m);
    const required = new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
    expect(required.size).toBeGreaterThan(1);
    expect([...required].filter((m) => !m.startsWith('node:'))).toEqual([]);
    // esbuild marks where each bundled file starts.
    const xstateBuild = moduleBuild('xstate')!;
    expect(xstateBuild).toMatch(/\/node_modules\/xstate\/dist\/xstate\.esm\.js$/);
    expect(text).toContain(`// ${relative(root, xstateBuild)}\n`);
    // Dynamic imports of packages stay lazy (tsx's loader only for an --impl path).
    expect([...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['tsx/esm/api']);
  });

  it('prunes stale CommonJS bundles of a name as it does ES module ones', () => {
    const d = mkdtempSync(join(tmpdir(), 'distcheck-prune-'));
    try {
      const old = new Date(Date.UTC(2026, 0, 1, 12) - 600_000);
      const stale = join(d, 'worker-stale.cjs');
      const newest = join(d, 'worker-new.cjs');
      writeFileSync(stale, '// bundled');
      utimesSync(stale, old, old);
      writeFileSync(newest, '// bundled');
      utimesSync(newest, new Date(Date.UTC(2026, 0, 1, 12)), new Date(Date.UTC(2026, 0, 1, 12)));
      pruneBundles(d, 'worker', newest);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(newest)).toBe(true);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('worker Node options', () => {
  it('drops module loaders and preloads, keeps the rest', () => {
    expect(workerExecArgv(['--import', 'tsx', '--max-old-space-size=4096', '--import=./x.mjs', '--loader', 'l', '-r', 'r', '--require=q', '--stack-size=2000'])).toEqual([
      '--max-old-space-size=4096',
      '--stack-size=2000',
    ]);
  });
});
