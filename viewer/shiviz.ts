/**
 * `show --format shiviz`: a log for ShiViz (https://bestchai.bitbucket.io/shiviz/), which draws
 * the happens-before graph of vector-clocked events.
 *
 * File layout, as ShiViz reads an uploaded log: line 1 the parser regex, line 2 the
 * multiple-executions delimiter (empty: one execution), then two lines per event:
 *
 *     rm1 {"rm1":1}
 *     1. prepare => Prepared to tm | view state=prepared
 *
 * Clocks follow the vector clock algorithm ShiViz checks (js/model/modelGraph.js): every host's
 * own entry counts its events 1, 2, 3, …; a receipt merges the clock of the send. Drops,
 * duplicates and partitions happen in the network, not in a node, so they are events of a
 * pseudo-host `network` (renamed if a node has that id); a drop or a duplicate merges the send's
 * clock, and a copy made by a duplicate is received after the duplicate event.
 */
import type { Trace } from '../engine/trace.js';
import { compact, sendsText, viewLine, violationText } from './format.js';
import type { Json } from '../engine/canonical.js';
import { buildTimeline, type Row, type Timeline } from './timeline.js';

export const SHIVIZ_REGEX = '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)';

type Clock = Record<string, number>;

export function renderShiviz(trace: Trace): string {
  const t = buildTimeline(trace);
  const hostOf = hostNames(t);
  const net = networkHost(t, hostOf);
  const clockOfRow: Clock[] = [];
  const current = new Map<string, Clock>();
  const lines = [SHIVIZ_REGEX, ''];
  const last = t.rows.length - 1;
  for (const row of t.rows.slice(1)) {
    const host = row.node !== null && hostOf.has(row.node) ? hostOf.get(row.node)! : net;
    const clock = { ...(current.get(host) ?? {}) };
    clock[host] = (clock[host] ?? 0) + 1;
    for (const r of causes(t, row)) merge(clock, clockOfRow[r]);
    current.set(host, clock);
    clockOfRow[row.step] = clock;
    lines.push(`${host} ${JSON.stringify(clock)}`, eventText(t, row, row.step === last));
  }
  return lines.join('\n') + '\n';
}

/** Hosts are node ids without whitespace (ShiViz's `\S*`), kept distinct. */
function hostNames(t: Timeline): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const lane of t.lanes) {
    let h = lane.id.replace(/\s+/g, '_') || `node${lane.index}`;
    while (used.has(h)) h += '_';
    used.add(h);
    out.set(lane.id, h);
  }
  return out;
}

function networkHost(t: Timeline, hostOf: Map<string, string>): string {
  const taken = new Set(hostOf.values());
  let h = t.lanes.length ? 'network' : 'spec';
  while (taken.has(h)) h += '~';
  return h;
}

/** Earlier rows whose events this row's event must follow, besides its host's previous event. */
function causes(t: Timeline, row: Row): number[] {
  const out: number[] = [];
  const arc = row.arc !== null ? t.arcs[row.arc] : null;
  if (arc && arc.sentAt > 0) out.push(arc.sentAt);
  if (arc && arc.dupAt !== null) out.push(arc.dupAt);
  if (row.kind === 'duplicate') {
    // The copy is made from a message in flight: it follows that message's send.
    const copy = t.arcs.find((a) => a.dupAt === row.step);
    if (copy && copy.sentAt > 0) out.push(copy.sentAt);
  }
  return out;
}

function merge(into: Clock, from: Clock | undefined): void {
  if (!from) return;
  for (const [h, v] of Object.entries(from)) into[h] = Math.max(into[h] ?? 0, v);
}

function eventText(t: Timeline, row: Row, last: boolean): string {
  const parts = [`${row.step}. ${row.text}`];
  if (row.sent.length) parts.push(`=> ${sendsText(row.sent, 40)}`);
  for (const id of row.lost) parts.push(`loses ${t.arcs[id].label} ${t.arcs[id].from}->${t.arcs[id].to}`);
  const view = row.node !== null ? row.state?.nodes[row.node] : undefined;
  if (view) parts.push(`| ${view.crashed ? '(crashed) ' : ''}${viewLine(view.view)}`);
  if (row.state?.state !== undefined) parts.push(`| state ${compact(row.state.state as Json)}`);
  if (row.error) parts.push(`| threw: ${row.error}`);
  if (last && t.violation) parts.push(`| VIOLATED ${violationText(t.violation)}`);
  return parts.join(' ').replace(/[\r\n]+/g, ' ');
}
