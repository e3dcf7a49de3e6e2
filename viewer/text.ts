/**
 * `show --format text` and `replay --step`: a compact step list for terminals.
 *
 *    step node  event                                   sends
 *       1 rm1   rm1: prepare                            => Prepared to tm
 *       2 tm    Prepared rm1 -> tm  (sent at 1)
 *
 * With `steps`, every step is followed by every node's view after it (`*` marks the nodes the
 * step changed), so a reader can follow e.g. a Raft node's term, role, log and commitIndex.
 */
import type { Json } from '../engine/canonical.js';
import type { Trace } from '../engine/trace.js';
import { compact, plural, sendsText, viewLine, violationText } from './format.js';
import { buildTimeline, type Row, type Snapshot, type Timeline } from './timeline.js';

export interface TextOptions {
  /** Print every node's view after every step. */
  steps?: boolean;
}

export function renderText(trace: Trace, options: TextOptions = {}): string {
  const t = buildTimeline(trace);
  const out = header(t);
  const nodeWidth = Math.max(4, ...t.lanes.map((l) => l.id.length));
  out.push('', `${'step'.padStart(5)} ${'node'.padEnd(nodeWidth)}  event`);
  let prev: Snapshot | null = null;
  for (const row of t.rows) {
    if (row.step > 0 || options.steps) out.push(stepLine(t, row, nodeWidth));
    if (row.error) out.push(`${' '.repeat(nodeWidth + 8)}threw: ${row.error}`);
    if (options.steps) out.push(...viewLines(row.state, prev, nodeWidth));
    if (row.state) prev = row.state;
  }
  const last = t.rows[t.rows.length - 1];
  if (t.violation && last.error !== t.violation.message) out.push(`${' '.repeat(nodeWidth + 8)}!! ${violationText(t.violation)}`);
  const pending = t.arcs.filter((a) => a.fate === 'pending' && t.network !== 'set');
  if (pending.length) {
    out.push('', `in flight at the end: ${pending.map((a) => `${a.label} ${a.from} -> ${a.to} (sent at ${a.sentAt})`).join('; ')}`);
  }
  return out.join('\n');
}

function header(t: Timeline): string[] {
  const tr = t.trace;
  const params = Object.entries(tr.params).map(([k, v]) => `${k}=${v}`).join(' ');
  const faults = Object.entries(tr.faults).filter(([k, v]) => k !== 'network' && v !== 0).map(([k, v]) => `${k}=${compact(v)}`).join(' ');
  const found = [tr.found.engine, tr.found.seed !== undefined ? `seed ${tr.found.seed}` : '', tr.found.originalLength !== undefined ? `shrunk from ${tr.found.originalLength} steps` : '']
    .filter(Boolean).join(', ');
  const lines = [
    `trace ${tr.protocol} --impl ${tr.impl}${params ? '  ' + params : ''}  (${plural(tr.steps.length, 'step')}, found by ${found})`,
    typeof tr.faults.network === 'string' ? `network ${t.network}${faults ? '  ' + faults : ''}` : `faults ${faults || '(none)'}`,
    `nodes ${t.lanes.map((l) => (l.role && l.role !== l.id ? `${l.id} (${l.role})` : l.id)).join('  ') || '(none)'}`,
  ];
  if (t.violation) lines.push(`VIOLATED at step ${t.violation.step}: ${violationText(t.violation)}`);
  else lines.push('no violation recorded');
  return lines;
}

function stepLine(t: Timeline, row: Row, nodeWidth: number): string {
  const who = row.step === 0 ? '' : row.node ?? '~';
  // The node column already names the acting node.
  let event = row.short;
  const arc = row.arc !== null ? t.arcs[row.arc] : null;
  if (arc && (row.kind === 'deliver' || row.kind === 'drop')) {
    event += `  (sent at ${arc.sentAt}${arc.dupAt !== null ? `, copy made at ${arc.dupAt}` : ''}${arc.again ? ', again' : ''})`;
  }
  if (row.lost.length) event += `  loses ${row.lost.map((id) => `${t.arcs[id].label} ${t.arcs[id].from} -> ${t.arcs[id].to}`).join(', ')}`;
  const sends = sendsText(row.sent);
  const line = `${String(row.step).padStart(5)} ${who.padEnd(nodeWidth)}  ${sends ? event.padEnd(40) + ' => ' + sends : event}`;
  return line.trimEnd();
}


function viewLines(state: Snapshot | null, prev: Snapshot | null, nodeWidth: number): string[] {
  if (!state) return [];
  const lines = Object.entries(state.nodes).map(([id, n]) => {
    const before = prev?.nodes[id];
    const changed = !before || before.crashed !== n.crashed || JSON.stringify(before.view) !== JSON.stringify(n.view);
    return `${' '.repeat(6)}${changed && prev ? '*' : ' '} ${id.padEnd(nodeWidth)} ${n.crashed ? '(crashed) ' : ''}${viewLine(n.view)}`.trimEnd();
  });
  if (state.partition) lines.push(`${' '.repeat(8)}partition ${state.partition.map((s) => `{${s.join(', ')}}`).join(' | ')}`);
  if (state.state !== undefined) lines.push(`${' '.repeat(8)}state ${compact(state.state as Json)}`);
  return lines;
}
