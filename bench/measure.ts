/**
 * One benchmark measurement, run in a child process so peak RSS belongs to that run alone:
 * `node --import tsx bench/measure.ts PROTOCOL key=value... [--symmetry] [--workers N] [--impl NAME] [--network N]`
 * prints one JSON line.
 */
import { buildModel } from '../engine/configure.js';
import { explore } from '../engine/explore.js';
import { findProtocol } from '../cli/registry.js';

const args = process.argv.slice(2);
const protocol = findProtocol(args[0]);
const params: Record<string, number> = {};
let impl = 'model';
let network: string | undefined;
const options: Record<string, unknown> = {};
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (a === '--symmetry') options.symmetry = true;
  else if (a === '--workers') options.workers = Number(args[++i]);
  else if (a === '--impl') impl = args[++i];
  else if (a === '--network') network = args[++i];
  else {
    const [k, v] = a.split('=');
    params[k] = Number(v);
  }
}
const model = buildModel(protocol, { impl, params, network, symmetry: options.symmetry === true } as never);
const t0 = performance.now();
const r = await Promise.resolve(explore(model, options as never));
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({
  protocol: protocol.name, impl, params, verdict: r.verdict, distinct: r.distinctStates, generated: r.generatedStates,
  seconds, statesPerSecond: Math.round(r.generatedStates / seconds), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
}) + '\n');
