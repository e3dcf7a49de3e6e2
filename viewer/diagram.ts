/**
 * The space-time diagram of the HTML viewer as static SVG: time flows downward (one row per
 * step, row 0 the initial state), one vertical lane per node, a slanted arrow from the row that
 * sent a message to the row that received it. Drawn here, in Node, so the page shows the whole
 * diagram without running any script and a 1,000-step trace costs the browser one parse.
 *
 * What is drawn (and the classes the browser test looks for):
 * - `.lane` lines, dashed red `.crashed` segments while a node is down, `.band` tints on the
 *   lanes of every side but the first while a partition holds, `.cut` / `.healed` lines;
 * - `.arc` groups (data-s / data-e: send and end rows) classed by fate: delivered, dropped,
 *   lost, pending; copies made by a duplicate are dashed and carry a `.dup` diamond;
 * - `.ev` markers where a node takes a step, crash ✕ and restart ↻ markers;
 * - `.row` rectangles (the click targets) and the `.violation` row.
 */
import { msgType } from './format.js';
import type { Arc, Lane, Row, Timeline } from './timeline.js';

export const ROW_H = 28;
export const GUTTER = 240;
const TOP = 6;
const RIGHT = 60;

const PALETTE = ['#2f6db5', '#d9731a', '#2e8b57', '#8e5cb5', '#1b9aa0', '#b8860b', '#c2477d', '#7a5c3e', '#4a5a8a', '#6b8e23'];
export const LOST = '#d62728';

export interface Geometry {
  laneW: number;
  width: number;
  height: number;
  /** Rows drawn: the trace's rows plus one for messages still in flight at the end. */
  rows: number;
  x(lane: string): number;
  y(row: number): number;
}

export function geometry(t: Timeline): Geometry {
  const laneW = Math.max(110, Math.min(190, Math.floor(720 / Math.max(1, t.lanes.length))));
  const index = new Map(t.lanes.map((l) => [l.id, l.index]));
  const rows = t.rows.length + 1;
  return {
    laneW,
    width: GUTTER + laneW * Math.max(1, t.lanes.length) + RIGHT,
    height: TOP * 2 + rows * ROW_H,
    rows,
    x: (lane) => GUTTER + laneW * ((index.get(lane) ?? 0) + 0.5),
    y: (row) => TOP + row * ROW_H + ROW_H / 2,
  };
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Display form of a row text: ASCII arrows become real ones. */
export const arrows = (s: string) => s.replace(/ -> /g, ' → ');
const cut = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max - 1) + '…');
const f = (n: number) => (Math.round(n * 10) / 10).toString();

/** Colour per message type, in order of first appearance (deterministic). */
export function colours(t: Timeline): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of t.arcs) {
    const type = msgType(a.msg);
    if (!out.has(type)) out.set(type, PALETTE[out.size % PALETTE.length]);
  }
  return out;
}

export function renderDiagram(t: Timeline, g: Geometry): string {
  const colour = colours(t);
  const parts = [
    `<svg id="diagram" xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}">`,
    markers(colour),
    `<g class="rows">${rowRects(t, g)}</g>`,
    `<rect id="sel" x="1" y="${TOP}" width="${g.width - 2}" height="${ROW_H}"/>`,
    `<g class="bands">${partitions(t, g)}</g>`,
    `<g class="lanes">${lanes(t, g)}</g>`,
    `<g class="arcs">${arcs(t, g, colour)}</g>`,
    `<g class="events">${t.rows.map((r) => events(t, g, r, colour)).join('')}</g>`,
    `<g class="gutter">${t.rows.map((r) => gutterText(t, g, r)).join('')}${endRow(t, g)}</g>`,
    '</svg>',
  ];
  return parts.join('\n');
}

function arcs(t: Timeline, g: Geometry, colour: Map<string, string>): string {
  const ends = endings(t, g);
  return t.arcs.map((a, i) => arc(t, g, a, ends[i], colour.get(msgType(a.msg))!)).join('');
}

function markers(colour: Map<string, string>): string {
  const defs = [...new Set(colour.values())].map((c) =>
    `<marker id="m${c.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`);
  return `<defs>${defs.join('')}</defs>`;
}

function rowRects(t: Timeline, g: Geometry): string {
  const last = t.rows.length - 1;
  return t.rows.map((r) => {
    const cls = ['row', r.step % 2 ? 'odd' : '', r.step === last && (t.violation || r.error) ? 'violation' : '', r.error ? 'threw' : ''].filter(Boolean).join(' ');
    return `<rect class="${cls}" data-step="${r.step}" x="0" y="${g.y(r.step) - ROW_H / 2}" width="${g.width}" height="${ROW_H}"/>`;
  }).join('');
}

function partitions(t: Timeline, g: Geometry): string {
  const out: string[] = [];
  for (const p of t.partitions) {
    const y0 = g.y(p.from);
    const y1 = p.to < t.rows.length ? g.y(p.to) : g.y(t.rows.length - 1) + ROW_H / 2;
    p.sides.slice(1).forEach((side, k) => {
      for (const id of side) {
        out.push(`<rect class="band side${k + 1}" x="${f(g.x(id) - g.laneW / 2 + 8)}" y="${y0}" width="${g.laneW - 16}" height="${y1 - y0}"><title>${esc(`partitioned: ${p.sides.map((s) => `{${s.join(', ')}}`).join(' | ')}`)}</title></rect>`);
      }
    });
    out.push(`<line class="cut" x1="${GUTTER + 24}" x2="${g.width - 20}" y1="${y0}" y2="${y0}"/>`);
    if (p.to < t.rows.length) out.push(`<line class="healed" x1="${GUTTER + 24}" x2="${g.width - 20}" y1="${y1}" y2="${y1}"/>`);
  }
  return out.join('');
}

function lanes(t: Timeline, g: Geometry): string {
  const out: string[] = [];
  const bottom = g.y(g.rows - 1);
  for (const lane of t.lanes) {
    const x = g.x(lane.id);
    out.push(`<line class="lane" x1="${x}" x2="${x}" y1="${g.y(0)}" y2="${bottom}"/>`);
    for (const [from, to] of t.crashed.get(lane.id) ?? []) {
      const y1 = to < t.rows.length ? g.y(to) : bottom;
      out.push(`<line class="crashed" x1="${x}" x2="${x}" y1="${g.y(from)}" y2="${y1}"><title>${esc(`${lane.id} is down`)}</title></line>`);
    }
  }
  return out.join('');
}

/**
 * Where each arc ends and what its label says. A delivered arc ends at the receiver (one receipt
 * per row, so those labels never collide); lost arcs end part-way, staggered when one row loses
 * several, which then share one label; arcs still in flight end below the last row and are
 * labelled only when there is one (the end row's text counts them).
 */
interface Ending {
  x: number;
  y: number;
  label: string | null;
  /** Lost arcs: the label goes past the farthest ✕ of the row, in the direction of travel. */
  labelX?: number;
}

function endings(t: Timeline, g: Geometry): Ending[] {
  const lostInRow = new Map<number, Arc[]>();
  for (const a of t.arcs) {
    if (a.fate === 'dropped' || a.fate === 'lost') lostInRow.set(a.endAt!, [...(lostInRow.get(a.endAt!) ?? []), a]);
  }
  const pending = t.arcs.filter((a) => a.fate === 'pending');
  return t.arcs.map((a) => {
    const x1 = g.x(a.from);
    const x2 = g.x(a.to);
    if (a.fate === 'delivered') return { x: x2, y: g.y(a.endAt!), label: a.label };
    if (a.fate === 'pending') {
      const frac = a.from === a.to ? 0 : 0.55;
      return { x: x1 + (x2 - x1) * frac, y: g.y(g.rows - 1), label: pending.length === 1 ? `${a.label} …` : null };
    }
    const group = lostInRow.get(a.endAt!)!;
    const k = group.indexOf(a);
    const frac = a.from === a.to ? 0 : 0.55 - 0.14 * k;
    const why = a.fate === 'dropped' ? 'dropped' : `lost (${a.lostBy})`;
    const label = k > 0 ? null : group.length === 1 ? `${a.label} ✕ ${why}` : `${group.length} messages ✕ ${why}`;
    const x = x1 + (x2 - x1) * frac;
    const xs = group.map((b, j) => g.x(b.from) + (g.x(b.to) - g.x(b.from)) * (b.from === b.to ? 0 : 0.55 - 0.14 * j));
    return { x, y: g.y(a.endAt!), label, labelX: x1 <= x2 ? Math.max(...xs) + 10 : Math.min(...xs) - 10 };
  });
}

function arc(t: Timeline, g: Geometry, a: Arc, end: Ending, colour: string): string {
  const x1 = g.x(a.from);
  const y1 = g.y(a.sentAt);
  const { x: x2, y: y2 } = end;
  const self = a.from === a.to;
  const d = self ? `M${f(x1)},${f(y1)} C${f(x1 + 46)},${f(y1)} ${f(x1 + 46)},${f(y2)} ${f(x2 + (a.fate === 'delivered' ? 3 : 20))},${f(y2)}` : `M${f(x1)},${f(y1)} L${f(x2)},${f(y2)}`;
  const cls = ['arc', a.fate, a.dupAt !== null ? 'copy' : '', a.again ? 'again' : ''].filter(Boolean).join(' ');
  const head = a.fate === 'delivered' ? ` marker-end="url(#m${colour.slice(1)})"` : '';
  const title = `${a.label} ${a.from} → ${a.to}: sent at step ${a.sentAt}${a.dupAt !== null ? `, copy made at ${a.dupAt}` : ''}, ${fateText(t, a)}`;
  const out = [`<g class="${cls}" data-s="${a.sentAt}" data-e="${a.endAt ?? ''}" style="--c:${colour}"><title>${esc(title)}</title>`, `<path d="${d}" stroke="${colour}"${head}/>`];
  if (a.fate === 'dropped' || a.fate === 'lost') {
    out.push(`<path class="x" d="M${f(x2 - 5)},${f(y2 - 5)} L${f(x2 + 5)},${f(y2 + 5)} M${f(x2 - 5)},${f(y2 + 5)} L${f(x2 + 5)},${f(y2 - 5)}"/>`);
  }
  if (a.dupAt !== null && !self && y2 !== y1) {
    const yd = g.y(a.dupAt);
    const xd = x1 + ((x2 - x1) * (yd - y1)) / (y2 - y1);
    out.push(`<path class="dup" d="M${f(xd)},${f(yd - 6)} L${f(xd + 6)},${f(yd)} L${f(xd)},${f(yd + 6)} L${f(xd - 6)},${f(yd)} z"/>`);
  }
  if (end.label !== null && end.labelX !== undefined) {
    out.push(`<text class="lbl" x="${f(end.labelX)}" y="${f(y2 + 4)}" text-anchor="${x1 <= x2 ? 'start' : 'end'}">${esc(cut(end.label, 40))}</text>`);
  } else if (end.label !== null) out.push(arcLabel(end.label, x1, x2, y2, self));
  return out.join('') + '</g>';
}

function fateText(t: Timeline, a: Arc): string {
  switch (a.fate) {
    case 'delivered': return `received at step ${a.endAt}${a.again ? ' (again: set semantics)' : ''}`;
    case 'dropped': return `dropped at step ${a.endAt}`;
    case 'lost': return `lost at step ${a.endAt} (${a.lostBy})`;
    case 'pending': return t.network === 'set' ? 'never received' : 'still in flight at the end';
  }
}

/** The label sits just above the end of the arc, on the side the arc comes from. */
function arcLabel(text: string, x1: number, x2: number, y2: number, self: boolean): string {
  const fromLeft = x1 <= x2;
  const x = self ? x2 + 26 : fromLeft ? x2 - 15 : x2 + 15;
  const anchor = self || !fromLeft ? 'start' : 'end';
  return `<text class="lbl" x="${f(x)}" y="${f(y2 - 5)}" text-anchor="${anchor}">${esc(cut(text, 34))}</text>`;
}

function events(t: Timeline, g: Geometry, r: Row, colour: Map<string, string>): string {
  if (r.node === null || !t.lanes.some((l) => l.id === r.node)) return '';
  const x = g.x(r.node);
  const y = g.y(r.step);
  const tip = `<title>${esc(`${r.step}. ${arrows(r.text)}`)}</title>`;
  switch (r.kind) {
    case 'crash':
      return `<g class="ev crash">${tip}<rect x="${x - 8}" y="${y - 8}" width="16" height="16" rx="3"/><path d="M${x - 4},${y - 4} L${x + 4},${y + 4} M${x - 4},${y + 4} L${x + 4},${y - 4}"/><text x="${x + 13}" y="${y + 4}">crash</text></g>`;
    case 'restart':
      return `<g class="ev restart">${tip}<circle cx="${x}" cy="${y}" r="7"/><text class="glyph" x="${x}" y="${y + 4}" text-anchor="middle">↻</text><text x="${x + 13}" y="${y + 4}">restart</text></g>`;
    case 'deliver': {
      const a = r.arc !== null ? t.arcs[r.arc] : null;
      const c = a ? colour.get(msgType(a.msg)) ?? '#333' : '#333';
      return `<g class="ev deliver${r.error ? ' threw' : ''}">${tip}<circle cx="${x}" cy="${y}" r="5" fill="${c}"/></g>`;
    }
    default: {
      const label = cut(r.short, 24);
      return `<g class="ev ${r.kind}${r.error ? ' threw' : ''}">${tip}<circle cx="${x}" cy="${y}" r="5"/><text x="${x + 10}" y="${y + 4}">${esc(label)}</text></g>`;
    }
  }
}

function gutterText(t: Timeline, g: Geometry, r: Row): string {
  const y = g.y(r.step) + 4;
  const flagged = r.step === t.rows.length - 1 && (t.violation || r.error);
  const text = arrows(r.error ? `${r.text} — threw` : r.text);
  return `<text class="num" x="40" y="${y}" text-anchor="end">${r.step}</text>`
    + `<text class="desc${flagged ? ' bad' : ''} k-${r.kind}" x="50" y="${y}">${flagged ? '✖ ' : ''}${esc(cut(text, 32))}<title>${esc(text)}</title></text>`;
}

function endRow(t: Timeline, g: Geometry): string {
  const pending = t.arcs.filter((a) => a.fate === 'pending').length;
  if (!pending) return '';
  const what = t.network === 'set' ? 'never received' : 'still in flight';
  return `<text class="desc end" x="50" y="${g.y(g.rows - 1) + 4}">${pending} message${pending === 1 ? '' : 's'} ${what}</text>`;
}

export function laneHeader(t: Timeline, g: Geometry, blamed: Set<string>): string {
  const cells = t.lanes.map((l: Lane) =>
    `<div class="lanehead${blamed.has(l.id) ? ' blamed' : ''}" style="left:${g.x(l.id) - g.laneW / 2}px;width:${g.laneW}px" title="${esc(`${l.id} (${l.role})`)}"><b>${esc(l.id)}</b>${l.role && l.role !== l.id ? `<span>${esc(l.role)}</span>` : ''}</div>`);
  return `<div id="heads" style="width:${g.width}px"><div class="gutterhead" style="width:${GUTTER}px">step</div>${cells.join('')}</div>`;
}
