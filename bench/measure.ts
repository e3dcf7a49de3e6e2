/**
 * One benchmark measurement, in its own process so peak RSS belongs to that run alone:
 *   node --import tsx/esm bench/measure.ts PROTOCOL [key=value]... [--symmetry] [--network N] [--impl NAME]
 *   [--max-crashes N]    fault bound override
 *   [--workers N]        the parallel explorer (seconds include bundling and starting the threads)
 * Prints one JSON line. `npm run bench` runs it bundled (engine/bundle.mjs), as the distcheck
 * command runs; run by hand, load it with tsx's ESM loader only (`tsx/esm`): with the whole of
 * tsx (`--import tsx`) the explorer runs about 15% slower.
 */
import { buildModel } from '../engine/configure.js';
import { explore } from '../engine/explore.js';
import { exploreParallel } from '../engine/parallel.js';
import { findProtocol } from '../cli/registry.js';

const args = process.argv.slice(2);
const protocol = findProtocol(args[0]);
let params: Record<string, number> = {};
let impl = 'model';
let network: string | undefined;
let symmetry = false;
let workers = 1;
const faults: Record<string, number> = {};
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (a === '--symmetry') symmetry = true;
  else if (a === '--impl') impl = args[++i];
  else if (a === '--workers') workers = Number(args[++i]);
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
const options = { symmetry, maxSeconds: 900 };
const factory = { module: new URL('../cli/registry.ts', import.meta.url).href, export: 'buildForWorker', args: [protocol.name, { impl, params, network, faults }] };
const r = workers > 1 ? await exploreParallel(factory, model, workers, options) : explore(model, options);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({
  protocol: protocol.name, impl, symmetry, workers, params: model.info.params,
  paramsText: Object.entries({ ...model.info.params, ...faults }).map(([k, v]) => `${k}=${v}`).join(' ') + (model.info.faults.network ? ` ${model.info.faults.network}` : ''),
  verdict: r.verdict, distinct: r.distinctStates, generated: r.generatedStates,
  seconds, cpuSeconds, statesPerSecond: Math.round(r.generatedStates / seconds), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
}) + '\n');
