/**
 * Measurements for the ring report: per-node loads and the fraction of keys that move on a join
 * and on a leave, for every placement scheme, at the report's sizes.
 */
import type { SchemeOptions } from '../../impl/ring/placement.js';
import { findScheme } from '../../impl/ring/schemes.js';
import { balanceBound, joinMovementBound } from '../../properties/ring/bounds.js';
import { SeedConsistentHashFast } from './seedFast.js';

export interface ReportOptions {
  keys: number;
  nodes: number[];
  vnodes: number[];
  epsilonPct: number;
}

export const REPORT_DEFAULTS: ReportOptions = { keys: 100_000, nodes: [10, 100], vnodes: [1, 10, 100, 1000], epsilonPct: 25 };

/** One row of the report: a scheme at one setting. */
export interface Row {
  scheme: string;
  label: string;
  vnodes: number | null;
  cells: Cell[];
}

/** A row at one cluster size. */
export interface Cell {
  n: number;
  /** Keys per node, nodes in join order. */
  loads: number[];
  maxOverMean: number;
  /** The bound the Balance property allows (bounds.ts), at this n and key count. */
  bound: number;
  joinMoved: number;
  joinBound: number | null;
  leaveMoved: number;
}

interface Assigner {
  join(node: string): void;
  leave(node: string): void;
  place(key: string): string;
  lookup(key: string): string;
}

const nodeNames = (n: number) => Array.from({ length: n }, (_, i) => `node-${i}`);

function moved(before: string[], after: string[]): number {
  let m = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) m++;
  return m / before.length;
}

/** Loads after placing every key, then moved fractions for a join and (from the same start) a leave. */
function measure(make: () => Assigner, n: number, keys: string[]): { loads: number[]; joinMoved: number; leaveMoved: number } {
  const names = nodeNames(n);
  const start = () => {
    const p = make();
    for (const node of names) p.join(node);
    const stored = keys.map((k) => p.place(k));
    return { p, stored };
  };
  const { p, stored } = start();
  const load = new Map(names.map((x) => [x, 0]));
  for (const o of stored) load.set(o, load.get(o)! + 1);
  const before = keys.map((k) => p.lookup(k));
  p.join(`node-${n}`);
  const joinMoved = moved(before, keys.map((k) => p.lookup(k)));
  const q = start().p;
  q.leave(names[n - 1]);
  const leaveMoved = moved(before, keys.map((k) => q.lookup(k)));
  return { loads: names.map((x) => load.get(x)!), joinMoved, leaveMoved };
}

function cell(make: () => Assigner, n: number, keys: string[], balance: Parameters<typeof balanceBound>[0], vnodes: number | null, monotone: boolean): Cell {
  const m = measure(make, n, keys);
  const mean = keys.length / n;
  return {
    n, loads: m.loads, maxOverMean: Math.max(...m.loads) / mean, bound: balanceBound(balance, n, keys.length),
    joinMoved: m.joinMoved, joinBound: monotone ? joinMovementBound(vnodes, n, keys.length) : null, leaveMoved: m.leaveMoved,
  };
}

export function measureAll(o: ReportOptions = REPORT_DEFAULTS, onRow?: (r: Row) => void): Row[] {
  const keys = Array.from({ length: o.keys }, (_, i) => `key-${i}`);
  const rows: Row[] = [];
  const add = (r: Row) => {
    rows.push(r);
    onRow?.(r);
  };
  const opts = (vnodes: number): SchemeOptions => ({ vnodes, epsilonPct: o.epsilonPct });
  for (const [name, label] of [['consistent-hashing', 'consistent hashing'], ['bounded-loads', `bounded loads ε=${o.epsilonPct}%`]] as const) {
    const s = findScheme(name);
    for (const v of o.vnodes) {
      const balance = name === 'bounded-loads' ? { kind: 'bounded' as const, epsilonPct: o.epsilonPct } : { kind: 'ring' as const, vnodes: v };
      add({ scheme: name, label: `${label}, V=${v}`, vnodes: v, cells: o.nodes.map((n) => cell(() => s.create(opts(v)), n, keys, balance, v, s.claims.monotone)) });
    }
  }
  for (const [name, label] of [['jump', 'jump consistent hash'], ['rendezvous', 'rendezvous (HRW)'], ['seed-sharding', "seed's Sharding (modulo-N)"]] as const) {
    const s = findScheme(name);
    add({ scheme: name, label, vnodes: null, cells: o.nodes.map((n) => cell(() => s.create(opts(1)), n, keys, { kind: 'ring', vnodes: null }, null, true)) });
  }
  add({
    scheme: 'seed-consistent-hash', label: "seed's ConsistentHash", vnodes: 1,
    cells: o.nodes.map((n) => cell(() => new SeedConsistentHashFast(), n, keys, { kind: 'ring', vnodes: 1 }, 1, true)),
  });
  return rows;
}
