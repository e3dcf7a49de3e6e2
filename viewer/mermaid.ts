/**
 * `show --format mermaid`: a Mermaid `sequenceDiagram` that renders as is (pasted into a
 * Markdown ```mermaid block or mermaid.live).
 *
 * A sequence diagram draws each message as one horizontal arrow, so a message appears where it
 * was *received*, labelled with the step that sent it: `4. Prepared (sent 1)`. Spontaneous steps
 * (env events, timeouts) are notes listing what they sent. Lost messages are `-x` arrows (`--x`
 * when a crash or partition lost them), duplicated copies dashed `-->>`, crashes, restarts and
 * partitions notes, the violating step a red `rect` with the violation as a note, and messages
 * still in flight at the end dashed open arrows `--)` after it.
 */
import type { Trace } from '../engine/trace.js';
import { sendsText, violationText } from './format.js';
import { buildTimeline, type Arc, type Row, type Timeline } from './timeline.js';

const KEYWORDS = new Set([
  'participant', 'actor', 'as', 'note', 'over', 'left', 'right', 'of', 'end', 'loop', 'alt', 'else', 'opt', 'par', 'and',
  'rect', 'critical', 'break', 'box', 'activate', 'deactivate', 'autonumber', 'title', 'links', 'link', 'properties',
  'details', 'create', 'destroy', 'sequencediagram', 'accTitle', 'accDescr',
].map((k) => k.toLowerCase()));

/** Mermaid's default maxTextSize: longer diagrams need it raised in the renderer's config. */
export const MERMAID_MAX_TEXT = 50_000;

/** Text after a `:` in Mermaid: `#` starts an entity, `;` ends a statement, `<`/`>` are HTML. */
export function mermaidText(s: string): string {
  return s.replace(/ -> /g, ' → ').replace(/[#;<>]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ').trim();
}

export function renderMermaid(trace: Trace): string {
  const t = buildTimeline(trace);
  const ids = participantIds(t);
  const lines: string[] = [];
  const body = (s: string) => lines.push('    ' + s);
  const all = ids.size ? `${[...ids.values()][0]}${ids.size > 1 ? ',' + [...ids.values()][ids.size - 1] : ''}` : 'spec';
  if (ids.size === 0) body('participant spec');
  for (const lane of t.lanes) {
    const id = ids.get(lane.id)!;
    const label = lane.role && lane.role !== lane.id ? `${lane.id} (${lane.role})` : lane.id;
    body(id === label ? `participant ${id}` : `participant ${id} as ${mermaidText(label)}`);
  }
  const who = (node: string | null) => (node && ids.has(node) ? ids.get(node)! : all);
  const last = t.rows.length - 1;
  for (const row of t.rows.slice(1)) {
    const flagged = row.step === last && (t.violation || row.error);
    if (flagged) body('rect rgb(255, 222, 222)');
    for (const s of rowStatements(t, row, who, all)) body(s);
    if (row.error) body(`Note over ${all}: ${mermaidText(`${row.step}. threw: ${row.error}`)}`);
    if (t.violation && row.step === last && row.error !== t.violation.message) body(`Note over ${all}: ${mermaidText(`VIOLATED ${violationText(t.violation)}`)}`);
    if (flagged) body('end');
  }
  for (const arc of t.arcs.filter((a) => a.fate === 'pending')) {
    const note = t.network === 'set' ? 'never received' : 'still in flight';
    body(`${who(arc.from)}--)${who(arc.to)}: ${mermaidText(`${arc.label} (sent ${arc.sentAt}, ${note})`)}`);
  }
  const head = ['sequenceDiagram', ...headerComments(t)];
  const text = [...head, ...lines].join('\n');
  return text.length > MERMAID_MAX_TEXT
    ? [head[0], `    %% ${text.length} characters: raise Mermaid's maxTextSize (default ${MERMAID_MAX_TEXT}) to render this diagram`, ...head.slice(1), ...lines].join('\n')
    : text;
}

function headerComments(t: Timeline): string[] {
  const tr = t.trace;
  const params = Object.entries(tr.params).map(([k, v]) => `${k}=${v}`).join(' ');
  const out = [`    %% distcheck trace: ${tr.protocol} --impl ${tr.impl} ${params} network=${t.network}, ${tr.steps.length} steps`];
  if (t.violation) out.push(`    %% VIOLATED at step ${t.violation.step}: ${violationText(t.violation).replace(/[\r\n]+/g, ' ')}`);
  return out;
}

/** Participant names: the node id when Mermaid accepts it as is, else n0, n1, … with an alias. */
function participantIds(t: Timeline): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set(t.lanes.map((l) => l.id));
  for (const lane of t.lanes) {
    let id = lane.id;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(id) || KEYWORDS.has(id.toLowerCase())) {
      let k = lane.index;
      while (taken.has(`n${k}`)) k += t.lanes.length;
      id = `n${k}`;
      taken.add(id);
    }
    ids.set(lane.id, id);
  }
  return ids;
}

function rowStatements(t: Timeline, row: Row, who: (n: string | null) => string, all: string): string[] {
  const ids = (node: string | null) => node !== null && t.lanes.some((l) => l.id === node);
  const n = `${row.step}. `;
  const arc = row.arc !== null ? t.arcs[row.arc] : null;
  const out: string[] = [];
  switch (row.kind) {
    case 'deliver':
      if (arc) out.push(`${who(arc.from)}${arc.dupAt !== null ? '-->>' : '->>'}${who(arc.to)}: ${mermaidText(n + arc.label + sentNote(arc) + sends(row))}`);
      break;
    case 'drop':
      if (arc) out.push(`${who(arc.from)}-x${who(arc.to)}: ${mermaidText(`${n}${arc.label} dropped${sentNote(arc)}`)}`);
      break;
    case 'duplicate': {
      const a = row.action as { from: string; to: string };
      out.push(`Note over ${who(a.from)}${a.from !== a.to ? ',' + who(a.to) : ''}: ${mermaidText(n + row.text)}`);
      break;
    }
    case 'partition':
    case 'heal':
    case 'initial':
      out.push(`Note over ${all}: ${mermaidText(n + row.text)}`);
      break;
    default:
      out.push(`Note over ${who(row.node)}: ${mermaidText(n + (ids(row.node) ? row.short : row.text) + sends(row))}`);
  }
  for (const id of row.lost) {
    const lost = t.arcs[id];
    out.push(`${who(lost.from)}--x${who(lost.to)}: ${mermaidText(`${n}${lost.label} lost (${lost.lostBy})${sentNote(lost)}`)}`);
  }
  return out;
}

function sentNote(arc: Arc): string {
  return ` (sent ${arc.sentAt}${arc.dupAt !== null ? `, copy ${arc.dupAt}` : ''})`;
}

function sends(row: Row): string {
  return row.sent.length ? ' ⇒ ' + sendsText(row.sent, 40) : '';
}
