/**
 * A trace as a space-time diagram, independent of any output format: lanes (one per node),
 * rows (row 0 is the initial state, row i is step i), and message arcs from the row that sent
 * a message to the row where it was received, dropped, lost or — at the end — still in flight.
 *
 * Matching sends to receipts follows the network semantics recorded in the trace:
 * - `multiset` / `fifo`: each copy is received at most once; a `deliver`, `drop` or loss takes
 *   the oldest copy in flight with equal (from, to, msg), and a `duplicate` adds a copy that
 *   keeps its original send row (`dupAt` marks where the copy was made).
 * - `set`: a sent message stays forever; every `deliver` of it is an arc from its first send,
 *   so one send may fan out into several arcs, and a message never received is one pending arc.
 * Messages that vanish without a deliver or drop (fifo loses a crashed node's inbox and the
 * links a partition cuts) are found by comparing the recorded network before and after a step.
 */
import { canonical, type Json } from '../engine/canonical.js';
import type { Trace, TraceStep } from '../engine/trace.js';
import { compact, eventLabel, msgLabel, sidesLabel } from './format.js';

export type Snapshot = Trace['initial']['state'];

export type RowKind =
  | 'initial' | 'deliver' | 'env' | 'timeout' | 'crash' | 'restart'
  | 'drop' | 'duplicate' | 'partition' | 'heal' | 'other';

export interface Lane {
  id: string;
  role: string;
  index: number;
}

export interface Row {
  /** 0 for the initial state, else the step number. */
  step: number;
  kind: RowKind;
  /** The node that took the step (receiver of a delivery), or null for network and global steps. */
  node: string | null;
  /** One-line description, e.g. `Prepared rm1 -> tm`, `rm1: prepare` or `rm2 crashes`. */
  text: string;
  /** The same without the `node: ` prefix, where the acting node is shown anyway. */
  short: string;
  /** The arc this step delivered, dropped or duplicated. */
  arc: number | null;
  /** Arcs lost in this step without a drop (fifo inbox of a crashed node, cut links). */
  lost: number[];
  action: Json;
  sent: TraceStep['sent'];
  /** State after the step; null when the implementation threw. */
  state: Snapshot | null;
  error?: string;
}

export type Fate = 'delivered' | 'dropped' | 'lost' | 'pending';

export interface Arc {
  id: number;
  from: string;
  to: string;
  msg: Json;
  label: string;
  /** Row that sent the message (0: already in flight in the initial state). */
  sentAt: number;
  /** Row where it was delivered, dropped or lost; null while still in flight at the end. */
  endAt: number | null;
  fate: Fate;
  /** Row of the `duplicate` step that made this copy, when it is a copy. */
  dupAt: number | null;
  /** Set semantics: a second or later receipt of the same sent message. */
  again: boolean;
  /** What lost it: 'drop', 'crash', 'partition', … */
  lostBy?: string;
}

export interface Timeline {
  trace: Trace;
  network: string;
  lanes: Lane[];
  rows: Row[];
  /** Indexed by id. */
  arcs: Arc[];
  /** Per lane, [from, to) row ranges in which the node was crashed (to = rows.length if never restarted). */
  crashed: Map<string, [number, number][]>;
  /** Partitions in force: rows [from, to) and the sides. */
  partitions: { from: number; to: number; sides: string[][] }[];
  violation: { step: number; property: string; message: string } | null;
}

interface Copy {
  sentAt: number;
  dupAt: number | null;
  /** Set semantics: how many times this send has been delivered so far. */
  delivered: number;
}

const keyOf = (m: { from: string; to: string; msg: Json }) => canonical([m.from, m.to, m.msg]);

export function buildTimeline(trace: Trace): Timeline {
  const lanes = lanesOf(trace);
  const network = typeof trace.faults.network === 'string' ? trace.faults.network : 'set';
  const b = new Builder(network);
  const rows: Row[] = [{ step: 0, kind: 'initial', node: null, text: 'initial state', short: 'initial state', arc: null, lost: [], action: null, sent: [], state: trace.initial.state }];
  for (const m of trace.initial.state.network) b.add(m, 0, null);
  let prev: Snapshot | null = trace.initial.state;
  for (const s of trace.steps) {
    const row = describeStep(s);
    rows.push(row);
    b.apply(row);
    for (const m of s.sent) b.add(m, s.index, null);
    if (prev && s.state) b.reconcile(prev.network, s.state.network, row);
    prev = s.state ?? prev;
  }
  b.finish();
  return {
    trace, network, lanes, rows, arcs: b.arcs,
    crashed: crashIntervals(lanes, rows),
    partitions: partitionIntervals(rows),
    violation: trace.violation,
  };
}

function lanesOf(trace: Trace): Lane[] {
  if (trace.nodes.length) return trace.nodes.map((n, index) => ({ id: n.id, role: n.role, index }));
  return Object.entries(trace.initial.state.nodes).map(([id, n], index) => ({ id, role: n.role, index }));
}

const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null);

/** What a step did, in the renderers' vocabulary. Unknown action shapes become 'other'. */
export function describeStep(s: TraceStep): Row {
  const row = stepRow(s);
  return { ...row, short: row.node && row.text.startsWith(row.node + ': ') ? row.text.slice(row.node.length + 2) : row.text };
}

function stepRow(s: TraceStep): Omit<Row, 'short'> {
  const a = (s.action && typeof s.action === 'object' && !Array.isArray(s.action) ? s.action : {}) as Record<string, Json>;
  const base = { step: s.index, arc: null, lost: [], action: s.action, sent: s.sent, state: s.state, ...(s.error ? { error: s.error } : {}) };
  const node = str(a.node);
  const from = str(a.from);
  const to = str(a.to);
  switch (a.type) {
    case 'deliver':
      if (from && to) return { ...base, kind: 'deliver', node: to, text: `${msgLabel(a.msg)} ${from} -> ${to}` };
      break;
    case 'drop':
    case 'duplicate':
      if (from && to) return { ...base, kind: a.type, node: null, text: `${a.type} ${msgLabel(a.msg)} ${from} -> ${to}` };
      break;
    case 'env':
      if (node) return { ...base, kind: 'env', node, text: `${node}: ${eventLabel(a.event ?? null)}` };
      break;
    case 'timeout':
      if (node) return { ...base, kind: 'timeout', node, text: `${node}: timeout ${compact(a.timer)}` };
      break;
    case 'crash':
      if (node) return { ...base, kind: 'crash', node, text: `${node} crashes` };
      break;
    case 'restart':
      if (node) return { ...base, kind: 'restart', node, text: `${node} restarts` };
      break;
    case 'partition':
      return { ...base, kind: 'partition', node: null, text: `partition ${sidesLabel(a.sides ?? null)}` };
    case 'heal':
      return { ...base, kind: 'heal', node: null, text: 'partition heals' };
  }
  return { ...base, kind: 'other', node, text: msgLabel(s.action, 80) };
}

/** Pairs sends with receipts, drops and losses (see the file comment). */
class Builder {
  readonly arcs: Arc[] = [];
  /** In-flight copies (multiset/fifo) or sends (set), by message key, oldest first. */
  private readonly pool = new Map<string, { m: { from: string; to: string; msg: Json }; copies: Copy[] }>();

  constructor(private readonly network: string) {}

  add(m: { from: string; to: string; msg: Json }, sentAt: number, dupAt: number | null): void {
    const k = keyOf(m);
    let entry = this.pool.get(k);
    if (!entry) this.pool.set(k, (entry = { m, copies: [] }));
    // Set semantics: re-sending a message already in the set changes nothing; keep the first send.
    if (this.network === 'set' && entry.copies.length) return;
    entry.copies.push({ sentAt, dupAt, delivered: 0 });
  }

  apply(row: Row): void {
    if (row.kind !== 'deliver' && row.kind !== 'drop' && row.kind !== 'duplicate') return;
    const a = row.action as { from: string; to: string; msg: Json };
    const entry = this.pool.get(keyOf(a));
    const copy = entry?.copies[0];
    if (row.kind === 'duplicate') {
      // The copy keeps the original's send row; its arc is made when it is received or lost.
      this.add(a, copy ? copy.sentAt : row.step, row.step);
      return;
    }
    if (this.network === 'set' && row.kind === 'deliver' && copy) {
      row.arc = this.arc(a, copy, row.step, 'delivered', copy.delivered++ > 0);
      return;
    }
    // A receipt with no recorded send (a hand-made or partial trace): draw it from row 0.
    const c = copy ? entry!.copies.shift()! : { sentAt: 0, dupAt: null, delivered: 0 };
    row.arc = this.arc(a, c, row.step, row.kind === 'deliver' ? 'delivered' : 'dropped', false, row.kind === 'drop' ? 'drop' : undefined);
  }

  /** Copies that left the network in this step without being delivered or dropped. */
  reconcile(before: Snapshot['network'], after: Snapshot['network'], row: Row): void {
    if (this.network === 'set' || row.kind === 'deliver' || row.kind === 'drop') return;
    const count = new Map<string, number>();
    for (const m of after) count.set(keyOf(m), (count.get(keyOf(m)) ?? 0) + 1);
    const seen = new Set<string>();
    for (const m of before) {
      const k = keyOf(m);
      if (seen.has(k)) continue;
      seen.add(k);
      const entry = this.pool.get(k);
      if (!entry) continue;
      while (entry.copies.length > (count.get(k) ?? 0)) {
        const c = entry.copies.shift()!;
        row.lost.push(this.arc(m, c, row.step, 'lost', false, row.kind));
      }
    }
  }

  finish(): void {
    for (const { m, copies } of this.pool.values()) {
      for (const c of copies) {
        if (this.network === 'set' && c.delivered > 0) continue;
        this.arc(m, c, null, 'pending', false);
      }
    }
  }

  private arc(m: { from: string; to: string; msg: Json }, c: Copy, endAt: number | null, fate: Fate, again: boolean, lostBy?: string): number {
    const id = this.arcs.length;
    this.arcs.push({
      id, from: m.from, to: m.to, msg: m.msg, label: msgLabel(m.msg, 40),
      sentAt: c.sentAt, endAt, fate, dupAt: c.dupAt, again, ...(lostBy ? { lostBy } : {}),
    });
    return id;
  }
}

function crashIntervals(lanes: Lane[], rows: Row[]): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const lane of lanes) {
    const spans: [number, number][] = [];
    let start = -1;
    rows.forEach((r, i) => {
      const crashed = r.state?.nodes[lane.id]?.crashed ?? (start >= 0);
      if (crashed && start < 0) start = i;
      if (!crashed && start >= 0) {
        spans.push([start, i]);
        start = -1;
      }
    });
    if (start >= 0) spans.push([start, rows.length]);
    out.set(lane.id, spans);
  }
  return out;
}

function partitionIntervals(rows: Row[]): Timeline['partitions'] {
  const out: Timeline['partitions'] = [];
  let cur: { from: number; sides: string[][]; key: string } | null = null;
  rows.forEach((r, i) => {
    const p = r.state ? r.state.partition : cur?.sides ?? null;
    const key = p ? canonical(p) : '';
    if (cur && cur.key !== key) {
      out.push({ from: cur.from, to: i, sides: cur.sides });
      cur = null;
    }
    if (p && !cur) cur = { from: i, sides: p, key };
  });
  if (cur) out.push({ from: (cur as { from: number }).from, to: rows.length, sides: (cur as { sides: string[][] }).sides });
  return out;
}
