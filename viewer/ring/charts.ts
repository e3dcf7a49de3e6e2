/**
 * Inline SVG charts for the ring report: no scripts, no external resources, readable when
 * printed or rendered headless.
 */
import type { Cell, Row } from './measure.js';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;

const W = 400;
const H = 92;
const PAD = { l: 34, r: 8, t: 18, b: 14 };
/** Loads above this multiple of the mean are clipped (and the clip shown). */
const Y_MAX = 3;

/** Per-node load as a multiple of the mean, nodes sorted from most to least loaded. */
export function loadPanel(c: Cell, title: string): string {
  const mean = c.loads.reduce((a, b) => a + b, 0) / c.loads.length;
  const rel = c.loads.map((l) => l / mean).sort((a, b) => b - a);
  const top = Math.min(Y_MAX, Math.max(1.5, Math.ceil(Math.max(rel[0], c.bound) * 4) / 4));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const y = (v: number) => PAD.t + ih * (1 - Math.min(v, top) / top);
  const bw = iw / rel.length;
  const bars = rel.map((v, i) => {
    const x = PAD.l + i * bw;
    const clipped = v > top;
    const fill = v > c.bound + 1e-9 ? '#c0392b' : '#4a78b5';
    return `<rect x="${x.toFixed(2)}" y="${y(v).toFixed(2)}" width="${Math.max(bw - (bw > 3 ? 1 : 0), 0.6).toFixed(2)}" height="${(y(0) - y(v)).toFixed(2)}" fill="${fill}"/>`
      + (clipped ? `<rect x="${x.toFixed(2)}" y="${PAD.t - 3}" width="${Math.max(bw - (bw > 3 ? 1 : 0), 0.6).toFixed(2)}" height="3" fill="#7b1d12"/>` : '');
  }).join('');
  const grid = [0, 1, 2, 3].filter((v) => v <= top).map((v) =>
    `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(v)}" y2="${y(v)}" class="${v === 1 ? 'mean' : 'grid'}"/><text x="${PAD.l - 4}" y="${y(v) + 3}" class="tick" text-anchor="end">${v}×</text>`).join('');
  const bound = c.bound <= top
    ? `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(c.bound)}" y2="${y(c.bound)}" class="bound"/>`
    : '';
  const head = `<text x="${PAD.l}" y="11" class="pstat">max/mean <tspan class="${c.maxOverMean > c.bound + 1e-9 ? 'bad' : 'num'}">${c.maxOverMean.toFixed(3)}</tspan>`
    + ` · Balance bound ${c.bound >= c.n ? 'trivial (≥ n)' : c.bound.toFixed(3)}</text>`;
  return `<svg class="panel" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${head}${grid}${bars}${bound}</svg>`;
}

const MW = 820;
const ROW_H = 46;
const ML = 230;
const MR = 70;
const LOG_MIN = 0.001;

/** x of a fraction on the log axis from 0.1% to 100%. */
function lx(f: number): number {
  const t = (Math.log10(Math.max(f, LOG_MIN)) - Math.log10(LOG_MIN)) / -Math.log10(LOG_MIN);
  return ML + t * (MW - ML - MR);
}

/** Fraction of keys moved per join and per leave, each scheme one group, log scale. */
export function movementChart(rows: Row[]): string {
  const sizes = rows[0].cells.map((c) => c.n);
  const barsPer = sizes.length * 2;
  const bh = (ROW_H - 8) / barsPer;
  const height = 30 + rows.length * ROW_H + 24;
  const axis = [0.001, 0.01, 0.1, 1].map((f) =>
    `<line x1="${lx(f)}" x2="${lx(f)}" y1="24" y2="${height - 22}" class="grid"/><text x="${lx(f)}" y="${height - 8}" class="tick" text-anchor="middle">${pct(f, f < 0.01 ? 1 : 0)}</text>`).join('');
  const groups = rows.map((r, gi) => {
    const y0 = 30 + gi * ROW_H;
    const label = `<text x="${ML - 8}" y="${y0 + ROW_H / 2}" class="rlabel" text-anchor="end">${esc(r.label)}</text>`;
    const bars = r.cells.flatMap((c, ci) => (['join', 'leave'] as const).map((kind, ki) => {
      const f = kind === 'join' ? c.joinMoved : c.leaveMoved;
      const ideal = kind === 'join' ? 1 / (c.n + 1) : 1 / c.n;
      const y = y0 + (ci * 2 + ki) * bh;
      const cls = `${kind}${ci}`;
      return `<rect x="${ML}" y="${y.toFixed(1)}" width="${(lx(f) - ML).toFixed(1)}" height="${(bh - 1).toFixed(1)}" class="${cls}"/>`
        + `<line x1="${lx(ideal)}" x2="${lx(ideal)}" y1="${(y - 1).toFixed(1)}" y2="${(y + bh).toFixed(1)}" class="ideal"/>`
        + `<text x="${(lx(f) + 3).toFixed(1)}" y="${(y + bh - 2).toFixed(1)}" class="val">${pct(f)}</text>`;
    })).join('');
    return `<g>${label}${bars}<line x1="${ML - 4}" x2="${MW - MR}" y1="${y0 + ROW_H - 3}" y2="${y0 + ROW_H - 3}" class="sep"/></g>`;
  }).join('');
  const legend = sizes.flatMap((n, ci) => (['join', 'leave'] as const).map((kind, ki) => {
    const x = ML + (ci * 2 + ki) * 140;
    return `<rect x="${x}" y="6" width="12" height="10" class="${kind}${ci}"/><text x="${x + 16}" y="15" class="tick">${kind} at n=${n}</text>`;
  })).join('') + `<line x1="${ML + barsPer * 140}" x2="${ML + barsPer * 140}" y1="4" y2="18" class="ideal"/><text x="${ML + barsPer * 140 + 5}" y="15" class="tick">ideal 1/(n+1), 1/n</text>`;
  return `<svg class="moves" viewBox="0 0 ${MW} ${height}" width="${MW}" height="${height}" role="img" aria-label="fraction of keys moved">${legend}${axis}${groups}</svg>`;
}

export const CHART_CSS = `
svg text { font: 11px system-ui, sans-serif; fill: #222; }
.ptitle { font-weight: 600; } .pstat { fill: #444; } .num { font-weight: 600; } .bad { font-weight: 700; fill: #c0392b; }
.tick { fill: #666; font-size: 10px; }
.grid { stroke: #e3e3e3; } .mean { stroke: #888; } .bound { stroke: #c0392b; stroke-dasharray: 4 3; stroke-width: 1.2; }
.sep { stroke: #eee; } .rlabel { font-size: 12px; } .val { font-size: 9px; fill: #333; }
.ideal { stroke: #111; stroke-width: 2; }
.join0 { fill: #4a78b5; } .leave0 { fill: #e39b3b; } .join1 { fill: #9cb8de; } .leave1 { fill: #f2cb92; }
`;
