/**
 * `distcheck replay FILE`: re-execute a trace. Exit 1 when it reproduces its violation, 0 when
 * it replays but the violation no longer occurs, 3 when the code diverged from the trace (the
 * first divergent step is reported), 2 when the file is not a valid trace.
 */
import { canonical } from '../../engine/canonical.js';
import { replayTrace, type ReplayResult } from '../../engine/replay.js';
import { readTrace, type Trace } from '../../engine/trace.js';
import { findProtocol } from '../registry.js';
import { isImplPath, loadImplModule } from '../implModule.js';
import { renderText } from '../../viewer/index.js';
import { violationText } from '../report.js';

export async function replayCommand(file: string, flags: { step?: boolean; json?: boolean }): Promise<number> {
  const trace = readTrace(file);
  const protocol = findProtocol(trace.protocol);
  const external = isImplPath(trace.impl) ? await loadImplModule(trace.impl) : undefined;
  const result = replayTrace(trace, protocol, external);
  if (flags.json) {
    process.stdout.write(JSON.stringify({ command: 'replay', file, protocol: trace.protocol, impl: trace.impl, ...result }, null, 2) + '\n');
  } else {
    if (flags.step) process.stdout.write(renderText(trace, { steps: true }) + '\n');
    process.stdout.write(describeReplay(file, trace, result) + '\n');
  }
  return result.verdict === 'violated' ? 1 : result.verdict === 'ok' ? 0 : 3;
}

export function describeReplay(file: string, trace: Trace, r: ReplayResult): string {
  const head = `replay ${file}: ${trace.protocol} --impl ${trace.impl}, ${trace.steps.length} steps`;
  if (r.verdict === 'violated') return `${head}\nreproduced: ${violationText(r.property, r.message)}`;
  if (r.verdict === 'ok') return `${head}\n${r.reproduced ? 'replayed as recorded' : 'NOT reproduced'}: ${r.note}`;
  const d = r.divergence;
  return [
    head,
    `DIVERGED at step ${d.step} (${d.kind}): ${d.detail}`,
    `  expected: ${canonical(d.expected)}`,
    `  actual:   ${canonical(d.actual)}`,
  ].join('\n');
}
