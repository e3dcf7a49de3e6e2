/** `distcheck explore PROTOCOL`: exhaustive BFS; the shortest counterexample when one exists. */
import { availableParallelism } from 'node:os';
import { buildModel } from '../../engine/configure.js';
import { explore, type ExploreProgress } from '../../engine/explore.js';
import { exploreParallel, type HandoffReport, type ParallelTuning } from '../../engine/parallel.js';
import { symmetryOf } from '../../engine/symmetry.js';
import { wireOf } from '../../engine/participant.js';
import { UsageError } from '../../engine/errors.js';
import { exitCodeOf } from '../../engine/result.js';
import { findProtocol } from '../registry.js';
import { faultOverrides, type FaultFlags } from '../options.js';
import { isImplPath, loadImplModule } from '../implModule.js';
import { faultsText, fmt, paramsText, progressPrinter, secs, threadsText, verdictWord, violationText, type HandoffShown, type RerunShown } from '../report.js';
import { defaultTracePath, saveTrace } from '../traceFiles.js';

export interface ExploreFlags extends FaultFlags {
  impl?: string;
  param?: Record<string, number>;
  network?: string;
  maxDepth?: number;
  maxStates?: number;
  maxSeconds?: number;
  symmetry?: boolean;
  workers?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

export async function exploreCommand(protocolName: string, flags: ExploreFlags): Promise<number> {
  const protocol = findProtocol(protocolName);
  const impl = flags.impl ?? 'model';
  const external = isImplPath(impl) ? await loadImplModule(impl) : undefined;
  const choice = { impl, params: flags.param, network: flags.network, faults: faultOverrides(flags), mode: 'explore' as const };
  const model = buildModel(protocol, { ...choice, external });
  const progress = progressPrinter('explore', !!flags.quiet);
  const options = {
    maxDepth: flags.maxDepth, maxStates: flags.maxStates, maxSeconds: flags.maxSeconds, symmetry: flags.symmetry,
    onProgress: (p: ExploreProgress) => progress.print(`${fmt(p.distinct)} distinct, ${fmt(p.generated)} generated, queue ${fmt(p.queue)}, depth ${p.depth}, ${fmt(p.statesPerSecond)} states/s`),
  };
  const workers = flags.workers ?? 1;
  if (workers > 1 && wireOf(model) === null) throw new UsageError(`--workers: ${protocol.name}'s states cannot be shared between threads; parallel exploration needs a cluster model or a packed, portable spec model (such as paxos-spec)`);
  // More threads than cores still give the same counts, only slower: each thread starts and
  // optimizes its code for itself, and they take turns on the cores.
  const cores = availableParallelism();
  if (workers > cores) process.stderr.write(`distcheck: --workers ${workers} on a machine with ${cores} core${cores === 1 ? '' : 's'}: the threads beyond ${cores} only take turns with the others (--workers ${cores} is the most that can help)\n`);
  if (options.symmetry) symmetryOf(model); // a bad --symmetry fails before any thread starts
  const factory = { module: new URL('../registry.ts', import.meta.url).href, export: 'buildForWorker', args: [protocol.name, choice] };
  let handoff: HandoffShown | null = null;
  const onHandoff = (h: HandoffReport) => (handoff = { depth: h.depth, distinct: h.distinct, ms: Math.round(h.ms) });
  let foundMs: number | null = null;
  const onRerun = (at: { depth: number; ms: number; property: string }) => {
    foundMs = Math.round(at.ms);
    // The second search can take longer than the first: say at once that there is a bug.
    progress.note(`the threads found a state violating '${at.property}' at depth ${at.depth} (${secs(foundMs)}); searching again for the shortest counterexample one thread finds`);
  };
  let second: Omit<RerunShown, 'foundMs' | 'rerunMs'> = { depthFirst: false, expanded: null, judgedByWorker: false };
  const onSecondSearch: ParallelTuning['onSecondSearch'] = ({ ms: _ms, ...at }) => (second = at);
  const result = workers > 1 ? await exploreParallel(factory, model, workers, { ...options, onHandoff, onRerun, onSecondSearch }) : explore(model, options);
  const rerun: RerunShown | null = foundMs === null ? null : { foundMs, rerunMs: Math.max(0, result.durationMs - foundMs), ...second };
  progress.done();
  let traceFile: string | undefined;
  let length: number | undefined;
  if (result.verdict === 'violated') {
    traceFile = flags.out ?? defaultTracePath(protocol.name, impl, 'explore');
    length = saveTrace(model, result.violation, { engine: 'explore' }, traceFile);
  }
  const { info } = model;
  // The whole process's peak resident memory, every thread's included (maxRSS is in KB).
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  if (flags.json) {
    process.stdout.write(JSON.stringify({
      command: 'explore', verdict: result.verdict, protocol: info.protocol, impl: info.impl, params: info.params, faults: info.faults, symmetry: !!flags.symmetry, workers,
      distinctStates: result.distinctStates, generatedStates: result.generatedStates, depth: result.depth, durationMs: result.durationMs, peakRssMB,
      ...(workers > 1 ? { handoff, rerun } : {}),
      ...(result.verdict === 'unknown' ? { reason: result.reason } : {}),
      ...(result.verdict === 'violated' ? { violation: { property: result.violation.property, message: result.violation.message, traceFile, length } } : {}),
      witnessed: result.witnessed,
    }, null, 2) + '\n');
  } else {
    const lines = [
      `explore ${info.protocol} --impl ${info.impl}: ${paramsText(info.params)}; ${faultsText(info.faults)}${flags.symmetry ? '; symmetry reduction' : ''}${workers > 1 ? `; ${workers} workers` : ''}`,
      `verdict: ${verdictWord(result)}${result.verdict === 'unknown' ? ` (${result.reason})` : ''}`,
    ];
    if (result.verdict === 'violated') {
      lines.push(`  ${violationText(result.violation.property, result.violation.message)}`);
      lines.push(`  shortest counterexample: ${length} steps, written to ${traceFile}`);
      lines.push(`  replay it: npx distcheck replay ${traceFile} --step`);
    }
    lines.push(`${fmt(result.distinctStates)} distinct states, ${fmt(result.generatedStates)} generated, depth ${result.depth}, ${secs(result.durationMs)}, peak memory ${fmt(peakRssMB)} MB`);
    if (workers > 1) lines.push(threadsText(workers, handoff, rerun));
    process.stdout.write(lines.join('\n') + '\n');
  }
  return exitCodeOf(result.verdict);
}
