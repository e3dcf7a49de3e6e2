#!/usr/bin/env node
// The `distcheck` command. It runs a bundle of the TypeScript sources (engine/bundle.mjs: built
// by esbuild on first use and whenever a source changes, then reused), so `npx distcheck` works
// right after `npm ci` with no build step, and the explorer runs without tsx's loader, which
// slows its hot loop by about 15%. If the bundle cannot be built or written (a read-only
// node_modules, say), the sources run through tsx instead.
//
// `explore --workers N` starts its worker threads first, so that they set up while this thread
// loads the command and builds the model (early workers, engine/threads.mjs). Only a head start:
// if they cannot be started here, the search starts its own and reports what goes wrong.
const args = process.argv.slice(2);
if (args.find((a) => !a.startsWith('-')) === 'explore') {
  try {
    const { startEarlyWorkers, workersRequested } = await import('../engine/threads.mjs');
    await startEarlyWorkers(new URL('./registry.ts', import.meta.url).href, workersRequested(args));
  } catch {
    // the search starts its workers itself
  }
}
let main;
try {
  const { bundle, projectRoot } = await import('../engine/bundle.mjs');
  const entry = JSON.stringify(new URL('./main.ts', import.meta.url).pathname);
  main = await bundle({ name: 'cli', contents: `export { runCli } from ${entry};`, key: projectRoot });
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  main = new URL('./main.ts', import.meta.url);
}
const { runCli } = await import(main.href);
runCli(args);
