/**
 * One benchmark measurement, in its own process so peak RSS belongs to that run alone:
 *   node --import tsx bench/measure.ts PROTOCOL [key=value]... [--symmetry] [--network N] [--impl NAME]
 *   [--bench-defaults]   use the protocol's own benchmark bounds (Raft: those of its issue)
 * Prints one JSON line.
 */
import { buildModel } from '../engine/configure.js';
import { explore } from '../engine/explore.js';
import { findProtocol } from '../cli/registry.js';

const args = process.argv.slice(2);
const protocol = findProtocol(args[0]);
let params: Record<string, number> = {};
let impl = 'model';
let network: string | undefined;
let symmetry = false;
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (a === '--symmetry') symmetry = true;
  else if (a === '--impl') impl = args[++i];
  else if (a === '--network') network = args[++i];
  else if (a === '--bench-defaults') params = { ...(protocol as { benchParams?: Record<string, number> }).benchParams };
  else {
    const [k, v] = a.split('=');
    params[k] = Number(v);
  }
}
const model = buildModel(protocol, { impl, params, network });
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const r = explore(model, { symmetry, maxSeconds: 600 });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({
  protocol: protocol.name, impl, symmetry, params: model.info.params,
  paramsText: Object.entries(model.info.params).map(([k, v]) => `${k}=${v}`).join(' ') + (model.info.faults.network ? ` ${model.info.faults.network}` : ''),
  verdict: r.verdict, distinct: r.distinctStates, generated: r.generatedStates,
  seconds, cpuSeconds, statesPerSecond: Math.round(r.generatedStates / seconds), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
}) + '\n');
