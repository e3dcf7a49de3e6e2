/**
 * `distcheck check [PROTOCOL]`: a fast-check campaign. With no protocol, every registered
 * protocol's default campaign over every implementation, summarised in one table.
 */
import { buildModel } from '../../engine/configure.js';
import { check, type CheckResult } from '../../engine/check.js';
import { exitCodeOf } from '../../engine/result.js';
import type { Protocol } from '../../engine/protocol.js';
import { PROTOCOLS, findProtocol } from '../registry.js';
import { faultOverrides, type FaultFlags } from '../options.js';
import { isImplPath, loadImplModule } from '../implModule.js';
import { faultsText, fmt, paramsText, progressPrinter, secs, table, verdictWord, violationText } from '../report.js';
import { defaultTracePath, saveTrace } from '../traceFiles.js';

export const DEFAULT_SEED = 42;

export interface CheckFlags extends FaultFlags {
  impl?: string;
  param?: Record<string, number>;
  network?: string;
  seed?: number;
  path?: string;
  runs?: number;
  maxSteps?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

interface Campaign {
  protocol: string;
  impl: string;
  expect?: string;
  result: CheckResult;
  params: Record<string, number>;
  faults: Record<string, unknown>;
  traceFile?: string;
  length?: number;
}

async function runCampaign(protocol: Protocol, impl: string, flags: CheckFlags): Promise<Campaign> {
  const external = isImplPath(impl) ? await loadImplModule(impl) : undefined;
  const model = buildModel(protocol, { impl, external, params: flags.param, network: flags.network, faults: faultOverrides(flags), mode: 'check' });
  const progress = progressPrinter(`check ${protocol.name}/${impl}`, !!flags.quiet);
  const seed = flags.seed ?? DEFAULT_SEED;
  const result = check(model, {
    runs: flags.runs ?? protocol.check.runs, maxSteps: flags.maxSteps ?? protocol.check.maxSteps, seed, path: flags.path,
    onProgress: (p) => progress.print(`${fmt(p.runs)} runs, ${fmt(p.steps)} steps, ${fmt(p.distinct)} distinct states`),
  });
  progress.done();
  const c: Campaign = { protocol: protocol.name, impl, result, params: model.info.params, faults: model.info.faults, expect: protocol.impls.find((i) => i.name === impl)?.expect };
  if (result.verdict === 'violated') {
    c.traceFile = flags.out ?? defaultTracePath(protocol.name, impl, 'check');
    c.length = saveTrace(model, result.violation, { engine: 'check', seed: result.seed, fcPath: result.fcPath, originalLength: result.originalLength }, c.traceFile);
  }
  return c;
}

function describe(c: Campaign): string {
  const r = c.result;
  const lines = [
    `check ${c.protocol} --impl ${c.impl}: ${paramsText(c.params)}; ${faultsText(c.faults)}`,
    `seed ${r.seed}: ${fmt(r.runs)} runs, ${fmt(r.generatedStates)} steps, ${fmt(r.distinctStates)} distinct states, ${secs(r.durationMs)}`,
    `verdict: ${verdictWord(r)}${r.verdict === 'unknown' ? ` (${r.reason})` : ''}`,
  ];
  if (r.verdict === 'violated') {
    lines.push(`  ${violationText(r.violation.property, r.violation.message)}`);
    lines.push(`  run of ${r.originalLength} steps, shrunk by fast-check to ${r.shrunkLength}, 1-minimal: ${c.length} steps, written to ${c.traceFile}`);
    lines.push(`  regenerate: npx distcheck check ${c.protocol} --impl ${c.impl} --seed ${r.seed} --path ${r.fcPath}`);
    lines.push(`  replay it:  npx distcheck replay ${c.traceFile} --step`);
  }
  return lines.join('\n');
}

function toJson(c: Campaign): Record<string, unknown> {
  const r = c.result;
  return {
    command: 'check', verdict: r.verdict, protocol: c.protocol, impl: c.impl, expect: c.expect, params: c.params, faults: c.faults,
    seed: r.seed, fcPath: r.fcPath, runs: r.runs, generatedStates: r.generatedStates, distinctStates: r.distinctStates,
    depth: r.depth, durationMs: r.durationMs, witnessed: r.witnessed,
    ...(r.verdict === 'unknown' ? { reason: r.reason } : {}),
    ...(r.verdict === 'violated' ? { violation: { property: r.violation.property, message: r.violation.message, traceFile: c.traceFile, length: c.length, originalLength: r.originalLength, shrunkLength: r.shrunkLength } } : {}),
  };
}

export async function checkCommand(protocolName: string | undefined, flags: CheckFlags): Promise<number> {
  if (protocolName) {
    const c = await runCampaign(findProtocol(protocolName), flags.impl ?? 'model', flags);
    process.stdout.write((flags.json ? JSON.stringify(toJson(c), null, 2) : describe(c)) + '\n');
    return exitCodeOf(c.result.verdict);
  }
  return checkAll(flags);
}

/** Every protocol × implementation with its default campaign; exit 0 when each met its expectation. */
async function checkAll(flags: CheckFlags): Promise<number> {
  const campaigns: Campaign[] = [];
  for (const protocol of PROTOCOLS) {
    for (const impl of protocol.impls) campaigns.push(await runCampaign(protocol, impl.name, { ...flags, param: undefined }));
  }
  const as = (c: Campaign) => (c.expect === 'violated' ? c.result.verdict === 'violated' : c.result.verdict === 'ok');
  if (flags.json) {
    process.stdout.write(JSON.stringify(campaigns.map((c) => ({ ...toJson(c), asExpected: as(c) })), null, 2) + '\n');
  } else {
    const rows = [['protocol', 'implementation', 'verdict', 'expected', 'runs', 'steps', 'states', 'trace', 'time']];
    for (const c of campaigns) {
      const r = c.result;
      rows.push([c.protocol, c.impl, r.verdict + (as(c) ? '' : '  <-- UNEXPECTED'), c.expect ?? '', fmt(r.runs), fmt(r.generatedStates), fmt(r.distinctStates),
        c.length !== undefined ? `${c.length} steps` : '', secs(r.durationMs)]);
    }
    const bad = campaigns.filter((c) => !as(c));
    process.stdout.write(table(rows) + '\n\n' + (bad.length
      ? `${bad.length} of ${campaigns.length} campaigns did not give their expected verdict.\n`
      : `All ${campaigns.length} campaigns gave their expected verdict (reference passes, every bug variant caught). Traces in distcheck-out/.\n`));
    if (bad.length) for (const c of bad) process.stdout.write('\n' + describe(c) + '\n');
  }
  return campaigns.every(as) ? 0 : 1;
}
