/**
 * How the viewer pairs sends with receipts under each network semantics, and where it puts
 * crashes, partitions, losses and copies — checked on traces whose story is known.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../engine/trace.js';
import { buildTimeline, renderHtml, renderMermaid, renderText } from './index.js';
import { awkwardIds, setRedelivery, specTrace } from './fixtures/handmade.js';

const fixture = (name: string) => readTrace(join(import.meta.dirname, 'fixtures', `${name}.json`));
const summary = (a: { label: string; from: string; to: string; sentAt: number; endAt: number | null; fate: string; dupAt: number | null }) =>
  `${a.label} ${a.from}>${a.to} ${a.sentAt}-${a.endAt ?? 'end'} ${a.fate}${a.dupAt !== null ? ` copy@${a.dupAt}` : ''}`;

describe('timeline', () => {
  it('multiset: copies, a drop, a crash, a partition and a message left in flight', () => {
    const t = buildTimeline(fixture('twophase-faults'));
    expect(t.arcs.map(summary).sort()).toEqual([
      'Commit tm>rm1 13-16 delivered',
      'Commit tm>rm2 13-end pending',
      'Commit tm>rm3 13-14 dropped',
      'Prepared rm1>tm 1-4 delivered',
      'Prepared rm1>tm 1-5 delivered copy@3',
      'Prepared rm2>tm 2-10 delivered',
      'Prepared rm3>tm 11-12 delivered',
    ]);
    expect(t.crashed.get('rm3')).toEqual([[6, 8]]);
    expect(t.crashed.get('rm1')).toEqual([]);
    expect(t.partitions).toEqual([{ from: 7, to: 9, sides: [['tm', 'rm1'], ['rm2', 'rm3']] }]);
    expect(t.rows.map((r) => r.kind).join(' ')).toBe(
      'initial env env duplicate deliver deliver crash partition restart heal deliver env deliver env drop env deliver');
    expect(t.violation).toEqual({ step: 16, property: 'TCConsistent', message: 'TCConsistent: rm1 committed while rm2 aborted' });
  });

  it('fifo: a crash loses the inbox and a partition the cut links', () => {
    const t = buildTimeline(fixture('toyraft-fifo'));
    const lost = t.arcs.filter((a) => a.fate === 'lost').map((a) => `${summary(a)} (${a.lostBy})`);
    expect(lost.sort()).toEqual([
      'Ack(index=1, term=1) n2>n1 5-8 lost (partition)',
      'Append(commit=0, index=1, term=1) n1>n3 4-6 lost (crash)',
      'Append(commit=0, index=2, term=1) n1>n2 7-8 lost (partition)',
      'RequestVote(term=1) n1>n3 1-6 lost (crash)',
    ]);
    expect(t.rows[6].lost.length).toBe(2);
    expect(t.arcs.filter((a) => a.fate === 'pending').map(summary)).toEqual([
      'Append(commit=0, index=2, term=1) n1>n3 7-end pending',
      'Append(commit=0, index=3, term=1) n1>n3 11-end pending',
    ]);
  });

  it('set: one send received twice is two arcs from one send row; a message never received is pending', () => {
    const t = buildTimeline(setRedelivery());
    expect(t.arcs.map((a) => `${summary(a)}${a.again ? ' again' : ''}`)).toEqual([
      'Ping(n=1) a>b 1-2 delivered',
      'Ping(n=1) a>b 1-3 delivered again',
      'Pong b>a 3-end pending',
    ]);
    expect(renderText(setRedelivery())).toContain('(sent at 1, again)');
    expect(renderMermaid(setRedelivery())).toContain('b--)a: Pong (sent 3, never received)');
  });

  it('set semantics in a real model: a broadcast whose copies are not all received', () => {
    const t = buildTimeline(fixture('twophase-set'));
    expect(t.network).toBe('set');
    expect(t.arcs.filter((a) => a.fate === 'pending').map(summary)).toEqual(['Commit tm>rm1 5-end pending']);
  });

  it('an implementation exception ends the trace at the throwing step', () => {
    const trace = fixture('twophase-throws');
    const t = buildTimeline(trace);
    const last = t.rows[t.rows.length - 1];
    expect(last.error).toMatch(/rm2 threw while handling .*TypeError/);
    expect(last.state).toBeNull();
    expect(renderText(trace)).toMatch(/threw: rm2 threw while handling/);
    expect(renderHtml(trace)).toContain('class="row odd violation threw"');
  });

  it('node ids Mermaid cannot use are aliased; labels are escaped', () => {
    const m = renderMermaid(awkwardIds());
    expect(m).toContain('participant n0 as end (server)');
    expect(m).toContain('participant n1 as node-1 (client)');
    expect(m).toContain('participant n2 as a b (client)');
    expect(m).toContain('n1->>n0: 4. Hello#59; #60;b#62;#35;1#60;/b#62; (sent 1)');
    expect(m).not.toMatch(/<b>|; <|#1</);
  });

  it("a spec model's trace (no nodes) still renders as a step list with its state", () => {
    const trace = specTrace();
    const t = buildTimeline(trace);
    expect(t.lanes).toEqual([]);
    expect(t.rows.map((r) => r.text)).toEqual(['initial state', 'Incr', '{action:Double,by:2}', 'Reset']);
    expect(renderText(trace, { steps: true })).toContain('state {x:2}');
    expect(renderMermaid(trace)).toContain('participant spec');
  });
});
