/** A step list with node views, for `replay --step` (the viewer's text renderer when present). */
import { canonical } from '../engine/canonical.js';
import type { Trace } from '../engine/trace.js';

export function renderSteps(trace: Trace): string {
  const out: string[] = [];
  const views = (state: Trace['initial']['state'] | null) =>
    state ? Object.entries(state.nodes).map(([id, n]) => `    ${id}${n.crashed ? ' (crashed)' : ''}: ${canonical(n.view)}`) : [];
  out.push('step 0: initial state', ...views(trace.initial.state));
  for (const s of trace.steps) {
    out.push(`step ${s.index}: ${canonical(s.action)}${s.sent.length ? `  sends ${s.sent.map((m) => `${m.from}->${m.to} ${canonical(m.msg)}`).join(', ')}` : ''}`);
    if (s.error) out.push(`    threw: ${s.error}`);
    out.push(...views(s.state));
  }
  if (trace.violation) out.push(`violation at step ${trace.violation.step}: ${trace.violation.property}: ${trace.violation.message}`);
  return out.join('\n');
}
