// Runs a bundle of bench/measure.ts as the distcheck command runs (cli/bin.mjs): with
// `--workers N`, the worker threads start first, while this thread loads the bundle and builds
// the model (early workers, engine/threads.mjs).
//   node bench/launch.mjs MEASURE_BUNDLE PROTOCOL [measure's arguments]...
// bench/run.ts builds the bundle and runs each measurement this way.
import { pathToFileURL } from 'node:url';
import { startEarlyWorkers, workersRequested } from '../engine/threads.mjs';

const [bundleFile] = process.argv.splice(2, 1);
await startEarlyWorkers(new URL('../cli/registry.ts', import.meta.url).href, workersRequested(process.argv.slice(2)));
await import(pathToFileURL(bundleFile).href);
