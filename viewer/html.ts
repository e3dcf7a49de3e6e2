/**
 * `show --format html`: one self-contained page (inline CSS, script and data; no network) with
 * the space-time diagram (viewer/diagram.ts) on the left and, on the right, the selected step:
 * what it did, what it sent and received, and every node's view after it with the fields the
 * step changed highlighted. Click a row or use ↑/↓ (j/k), Home/End, and `v` for the violation.
 *
 * The script only moves a highlight and fills the panel from per-row data prepared here, so a
 * 1,000-step trace stays responsive: nothing is laid out again when a step is selected.
 */
import { readFileSync } from 'node:fs';
import { canonical, type Json } from '../engine/canonical.js';
import type { Trace } from '../engine/trace.js';
import { arrows, renderDiagram, geometry, laneHeader, esc, colours, LOST } from './diagram.js';
import { compact, msgLabel, plural, violationBody, violationText } from './format.js';
import { buildTimeline, type Arc, type Row, type Timeline } from './timeline.js';

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');

export function renderHtml(trace: Trace): string {
  const t = buildTimeline(trace);
  const g = geometry(t);
  const blamed = new Set(t.violation ? t.lanes.filter((l) => mentions(t.violation!.message, l.id)).map((l) => l.id) : []);
  const title = `${trace.protocol} --impl ${trace.impl}${t.violation ? ` · ${t.violation.property}` : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>distcheck · ${esc(title)}</title>
<style>
${asset('viewer.css')}
</style>
</head>
<body>
${header(t)}
<main>
<section id="scroll" tabindex="0" aria-label="space-time diagram">
${laneHeader(t, g, blamed)}
${renderDiagram(t, g)}
</section>
<aside id="panel" aria-live="polite">
<div id="details"></div>
${legend(t)}
</aside>
</main>
<script type="application/json" id="data">${JSON.stringify(panelData(t, g)).replace(/</g, '\\u003c')}</script>
<script>
${asset('viewer.js')}
</script>
</body>
</html>
`;
}

/** A node id mentioned as a word in the violation message (`rm1 committed while rm2 aborted`). */
function mentions(message: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`).test(message);
}

function header(t: Timeline): string {
  const tr = t.trace;
  const facts = [
    ...Object.entries(tr.params).map(([k, v]) => `${k}=${v}`),
    ...(typeof tr.faults.network === 'string' ? [`network ${t.network}`] : []),
    ...Object.entries(tr.faults).filter(([k, v]) => k !== 'network' && v !== 0).map(([k, v]) => `${k} ${compact(v)}`),
    `found by ${tr.found.engine}${tr.found.seed !== undefined ? ` (seed ${tr.found.seed})` : ''}`,
    plural(tr.steps.length, 'step'),
  ];
  const verdict = t.violation
    ? `<button id="verdict" class="bad" title="show the violating step (v)">✖ step ${t.violation.step} violates <b>${esc(t.violation.property)}</b>: ${esc(violationBody(t.violation))}</button>`
    : '<span id="verdict" class="ok">no violation recorded</span>';
  return `<header>
<div class="title"><b>distcheck</b> trace <span class="proto">${esc(tr.protocol)}</span> <span class="impl">--impl ${esc(tr.impl)}</span></div>
<div class="facts">${facts.map((x) => `<span>${esc(x)}</span>`).join('')}</div>
${verdict}
</header>`;
}

function legend(t: Timeline): string {
  const colour = colours(t);
  const types = [...colour].filter(([type]) => type).slice(0, 10)
    .map(([type, c]) => `<span class="key"><svg width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" stroke="${c}" stroke-width="2"/></svg>${esc(type)}</span>`);
  const sample = (svg: string, text: string) => `<span class="key"><svg width="26" height="14">${svg}</svg>${text}</span>`;
  return `<div id="legend">
<div class="types">${types.join('')}</div>
<div class="kinds">
${sample('<line x1="1" y1="7" x2="25" y2="7" stroke="#555" stroke-width="2" stroke-dasharray="5 3"/>', 'duplicated copy')}
${sample(`<line x1="1" y1="7" x2="17" y2="7" stroke="#555" stroke-width="2"/><path d="M16,2 L24,12 M16,12 L24,2" stroke="${LOST}" stroke-width="2.2"/>`, 'lost')}
${sample('<line x1="1" y1="7" x2="25" y2="7" stroke="#555" stroke-width="2" stroke-dasharray="1 3"/>', 'in flight at the end')}
${sample('<line x1="13" y1="0" x2="13" y2="14" stroke="#d62728" stroke-width="3" stroke-dasharray="3 3"/>', 'node down')}
${sample('<rect x="6" y="0" width="14" height="14" fill="#f5a25d" opacity=".35"/>', 'partitioned away')}
</div>
<div class="keys">click a row · ↑/↓ or j/k · Home/End · v: the violation</div>
</div>`;
}

interface PanelData {
  lanes: { id: string; role: string }[];
  rows: { s: number; k: string; n: string | null; t: string; d: string[]; e?: string }[];
  /** Per row, per lane: [crashed, [field, value][]], or null when the step threw. */
  views: ([0 | 1, [string, string][]][] | null)[];
  net: number[][];
  netLabels: string[];
  part: (string | null)[];
  glob: (string | null)[];
  violation: { step: number; text: string } | null;
  rowH: number;
  top: number;
}

function panelData(t: Timeline, g: ReturnType<typeof geometry>): PanelData {
  const labels = new Map<string, number>();
  const label = (m: { from: string; to: string; msg: Json }) => {
    const s = `${msgLabel(m.msg, 200)} ${m.from} → ${m.to}`;
    let i = labels.get(s);
    if (i === undefined) labels.set(s, (i = labels.size));
    return i;
  };
  return {
    lanes: t.lanes.map((l) => ({ id: l.id, role: l.role })),
    rows: t.rows.map((r) => ({ s: r.step, k: r.kind, n: r.node, t: arrows(r.text), d: details(t, r), ...(r.error ? { e: r.error } : {}) })),
    views: t.rows.map((r) => (r.state ? t.lanes.map((l) => nodeView(r.state!.nodes[l.id])) : null)),
    net: t.rows.map((r) => (r.state ? r.state.network.map(label) : [])),
    netLabels: [...labels.keys()],
    part: t.rows.map((r) => (r.state?.partition ? r.state.partition.map((s) => `{${s.join(', ')}}`).join(' | ') : null)),
    glob: t.rows.map((r) => (r.state && r.state.state !== undefined ? compact(r.state.state as Json) : null)),
    violation: t.violation ? { step: t.violation.step, text: violationText(t.violation) } : null,
    rowH: g.y(1) - g.y(0),
    top: g.y(0),
  };
}

function nodeView(n: { crashed: boolean; view: Json } | undefined): [0 | 1, [string, string][]] {
  if (!n) return [0, []];
  const v = n.view;
  const fields: [string, string][] = v && typeof v === 'object' && !Array.isArray(v)
    ? Object.keys(v).map((k) => [k, compact(v[k])])
    : [['', compact(v)]];
  return [n.crashed ? 1 : 0, fields];
}

/** What the panel says a step did, beyond its one-line description: receipts and each send's fate. */
function details(t: Timeline, r: Row): string[] {
  const out: string[] = [];
  const a: Arc | null = r.arc !== null ? t.arcs[r.arc] : null;
  const origin = (x: Arc) => (x.sentAt === 0 ? 'in flight from the start' : `sent at step ${x.sentAt}`) + (x.dupAt !== null ? `, a copy made at step ${x.dupAt}` : '');
  if (a && r.kind === 'deliver') out.push(`received ${msgLabel(a.msg, 200)} from ${a.from} (${origin(a)}${a.again ? '; received before: under set semantics it stays' : ''})`);
  if (a && r.kind === 'drop') out.push(`the network dropped ${msgLabel(a.msg, 200)} ${a.from} → ${a.to} (${origin(a)})`);
  if (r.kind === 'duplicate') {
    const copy = t.arcs.find((x) => x.dupAt === r.step);
    if (copy) out.push(`the network copied ${msgLabel(copy.msg, 200)} ${copy.from} → ${copy.to} (sent at step ${copy.sentAt}); the copy is ${fate(t, copy)}`);
  }
  for (const id of r.lost) out.push(`lost ${msgLabel(t.arcs[id].msg, 200)} ${t.arcs[id].from} → ${t.arcs[id].to} (${origin(t.arcs[id])})`);
  for (const m of r.sent) {
    const key = canonical(m.msg);
    const arcs = t.arcs.filter((x) => x.sentAt === r.step && x.to === m.to && x.from === m.from && x.dupAt === null && canonical(x.msg) === key);
    const fates = arcs.length ? arcs.map((x) => fate(t, x)).join(', ') : 'already in the network (set semantics)';
    out.push(`sent ${msgLabel(m.msg, 200)} to ${m.to}: ${fates}`);
  }
  return out;
}

function fate(t: Timeline, a: Arc): string {
  switch (a.fate) {
    case 'delivered': return `received at step ${a.endAt}`;
    case 'dropped': return `dropped at step ${a.endAt}`;
    case 'lost': return `lost at step ${a.endAt} (${a.lostBy})`;
    case 'pending': return t.network === 'set' ? 'never received' : 'still in flight at the end';
  }
}
