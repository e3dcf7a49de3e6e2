/**
 * One benchmark measurement, in its own process so peak RSS belongs to that run alone:
 *   node --import tsx/esm bench/measure.ts PROTOCOL [key=value]... [--symmetry] [--network N] [--impl NAME]
 *   [--max-crashes N]    fault bound override
 *   [--workers N]        the parallel explorer (the search starts the worker threads: not early,
 *                        as the distcheck command starts them, engine/threads.mjs); the output's
 *                        `handoff` says when this thread handed the search over (ms from the
 *                        start, distinct states seen by then), or null if it never did
 *   [--handoff-at N]     with --workers: hand over once N states wait (ParallelTuning.handoffAt),
 *                        for tests; by default when the workers are ready (HandoffRule)
 *   [--trajectory]       (one thread) the output's `trajectory` gives, every 2 ms or so of the
 *                        search, ms from the start and distinct states seen, as flat pairs: how
 *                        far one thread had got when a parallel search handed over (bench/handoff.ts)
 * Prints one JSON line: `seconds` from when the model is built to the search's end, and
 * `processSeconds` from the process's start. `npm run bench` times the distcheck command itself
 * and runs this, bundled (engine/bundle.mjs) as the command is, for the trajectories of its
 * handoff lines; run by hand, load it with tsx's ESM loader only (`tsx/esm`): with the whole of
 * tsx (`--import tsx`) the explorer runs about 15% slower.
 */
import { buildModel } from '../engine/configure.js';
import { explore, type ExploreOptions } from '../engine/explore.js';
import { exploreParallel, type ParallelTuning } from '../engine/parallel.js';
import type { HandoffAt } from './handoff.js';
import { findProtocol } from '../cli/registry.js';

const args = process.argv.slice(2);
const protocol = findProtocol(args[0]);
let params: Record<string, number> = {};
let impl = 'model';
let network: string | undefined;
let symmetry = false;
let workers = 1;
let trajectory = false;
let handoffAt: number | undefined;
const faults: Record<string, number> = {};
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (a === '--symmetry') symmetry = true;
  else if (a === '--impl') impl = args[++i];
  else if (a === '--workers') workers = Number(args[++i]);
  else if (a === '--trajectory') trajectory = true;
  else if (a === '--handoff-at') handoffAt = Number(args[++i]);
  else if (a === '--max-crashes') faults.maxCrashes = Number(args[++i]);
  else if (a === '--network') network = args[++i];
  else {
    const [k, v] = a.split('=');
    params[k] = Number(v);
  }
}
const model = buildModel(protocol, { impl, params, network, faults });
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const options: ExploreOptions & ParallelTuning = { symmetry, maxSeconds: 900, handoffAt };
/** At most this many (ms, distinct) pairs: 10 s of a search at one every 2 ms. */
const TRAJECTORY_MAX = 5000;
const reached: number[] = [];
if (trajectory) {
  // One call per 2 ms or so, between two states: about 1,200 at 8 RMs.
  options.progressEveryMs = 2;
  options.onProgress = (p) => {
    if (reached.length < 2 * TRAJECTORY_MAX) reached.push(Math.round((performance.now() - t0) * 10) / 10, p.distinct);
  };
}
let handoff: HandoffAt | null = null;
if (workers > 1) options.onHandoff = (h) => (handoff = { ms: Math.round(h.ms * 10) / 10, distinct: h.distinct });
const factory = { module: new URL('../cli/registry.ts', import.meta.url).href, export: 'buildForWorker', args: [protocol.name, { impl, params, network, faults }] };
const r = workers > 1 ? await exploreParallel(factory, model, workers, options) : explore(model, options);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({
  protocol: protocol.name, impl, symmetry, workers, params: model.info.params,
  paramsText: Object.entries({ ...model.info.params, ...faults }).map(([k, v]) => `${k}=${v}`).join(' ') + (model.info.faults.network ? ` ${model.info.faults.network}` : ''),
  verdict: r.verdict, distinct: r.distinctStates, generated: r.generatedStates,
  seconds, processSeconds: process.uptime(), cpuSeconds, statesPerSecond: Math.round(r.generatedStates / seconds), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  ...(workers > 1 ? { handoff } : {}),
  ...(trajectory ? { trajectory: reached } : {}),
}) + '\n');
