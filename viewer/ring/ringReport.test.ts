/** The ring report at a small size: self-contained HTML with a chart per scheme and the numbers. */
import { describe, expect, it } from 'vitest';
import { buildRingReport } from '../ringReport.js';

describe('ring report', () => {
  const report = buildRingReport({ keys: 3000, nodes: [10], vnodes: [1, 100], epsilonPct: 25 });

  it('is one self-contained page of inline SVG: no scripts, no network', () => {
    expect(report.html).toMatch(/^<!doctype html>/);
    expect(report.html).not.toMatch(/<script|https?:\/\/|<link|<img/);
    // One load panel per scheme row and cluster size, plus the movement chart.
    expect(report.html.match(/<svg class="panel"/g)).toHaveLength(report.rows.length);
    expect(report.html).toContain('<svg class="moves"');
  });

  it('measures every scheme, and modulo-N moves most keys on a join', () => {
    expect(report.rows.map((r) => r.scheme)).toEqual([
      'consistent-hashing', 'consistent-hashing', 'bounded-loads', 'bounded-loads',
      'jump', 'rendezvous', 'seed-sharding', 'seed-consistent-hash',
    ]);
    const modulo = report.rows.find((r) => r.scheme === 'seed-sharding')!.cells[0];
    expect(modulo.joinMoved).toBeGreaterThan(0.8);
    const bounded = report.rows.filter((r) => r.scheme === 'bounded-loads');
    for (const r of bounded) expect(r.cells[0].maxOverMean).toBeLessThanOrEqual(r.cells[0].bound);
    expect(report.summary).toMatch(/seed's Sharding \(modulo-N\) +n=10: max\/mean [\d.]+, join [\d.]+% \([\d.]+× ideal\)/);
  });
});
