import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashString, hashWords, StringHash } from '../../engine/hash.js';
import { buildModel } from '../../engine/configure.js';
import { ClusterModel } from '../../engine/cluster.js';
import { twophase } from '../../models/twophase/protocol.js';
import { findProtocol } from '../../cli/registry.js';

/** Walk every reachable state; compare the incremental fingerprint with the full one. */
function compareAll(model: ClusterModel, limit: number): { checked: number; fast: number } {
  const seen = new Set<string>();
  const queue = model.initialStates();
  const fp = new Uint32Array(2);
  const full = new Uint32Array(2);
  let checked = 0;
  let fast = 0;
  while (queue.length && seen.size < limit) {
    const w = queue.shift()!;
    model.fingerprint(w, fp);
    const key = `${fp[0]}:${fp[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Stale entries past the count are left alone: the count says where the listing ends.
    const listed: number[] = [-7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7];
    const n = model.successors(w, fp, listed);
    const fps = n >= 0 ? model.successorFingerprints : null;
    const actions = model.actions(w);
    if (fps) expect(listed.slice(0, n)).toEqual(actions);
    actions.forEach((a, i) => {
      const t = model.next(w, a);
      // The explorer's allocation-free build gives the same world.
      expect(Array.from(model.nextTransient(w, a))).toEqual(Array.from(t));
      model.fingerprint(t, full);
      checked++;
      if (fps) {
        fast++;
        expect([fps[2 * i], fps[2 * i + 1]], JSON.stringify(model.describeAction(w, a))).toEqual([full[0], full[1]]);
      }
      queue.push(t);
    });
  }
  return { checked, fast };
}

describe('incremental fingerprints', () => {
  it.each([
    ['set', {}],
    ['multiset', { maxDrops: 2, maxDuplicates: 2, maxCrashes: 1, maxPartitions: 1 }],
  ] as const)('agree with full fingerprints on every successor (%s)', (network, faults) => {
    const model = buildModel(twophase, { params: { rms: 3 }, network, faults }) as ClusterModel;
    const r = compareAll(model, 3000);
    // Every kind of action, faults included, takes the fast path under set and multiset.
    expect(r.fast).toBe(r.checked);
    expect(r.checked).toBeGreaterThan(700);
  });

  it.each([
    ['paxos', {}],
    ['twophase-net', {}],
    ['twophase-net', { network: 'set' as const, faults: { maxCrashes: 2, maxPartitions: 1 } }],
    // Raft's servers declare obsolete replies: the messages a step or a crash makes obsolete
    // leave the network, and the fingerprint must follow.
    ['raft', {}],
    ['raft', { impl: 'reference', network: 'multiset' as const, faults: { maxDrops: 1, maxDuplicates: 1, maxCrashes: 1, maxPartitions: 1 } }],
  ])('agree with full fingerprints on every successor of a model with ghost state (%s %o)', (protocol, choice) => {
    const model = buildModel(findProtocol(protocol), choice) as ClusterModel;
    expect(model.spec.ghost?.nodesOnly).toBe(true);
    const r = compareAll(model, 3000);
    // The ghost after each action comes from its memo (or one build that memoizes it).
    expect(r.fast).toBe(r.checked);
    expect(r.checked).toBeGreaterThan(2000);
  });

  it('agree when the ghost reads which nodes are down (crash and restart change it)', () => {
    const base = buildModel(findProtocol('twophase-net'), { network: 'set', faults: { maxCrashes: 2 } }) as ClusterModel;
    const ghost = base.spec.ghost!;
    const down = (w: { nodes: readonly { crashed: boolean }[] }) => w.nodes.filter((n) => n.crashed).length;
    const model = new ClusterModel({
      ...base.spec,
      ghost: { ...ghost, init: (w) => ({ g: ghost.init(w), down: down(w) }), update: (prev: any, w) => ({ g: ghost.update(prev.g, w), down: down(w) }) },
    });
    const r = compareAll(model, 3000);
    expect(r.fast).toBe(r.checked);
    expect(r.checked).toBeGreaterThan(3000);
  });
});

describe('StringHash', () => {
  it('hashes pieces fed in order as hashString hashes their concatenation', () => {
    const h = new StringHash();
    const a = new Uint32Array(2);
    const b = new Uint32Array(2);
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 6 }), (pieces) => {
      const whole = pieces.join('');
      hashString(whole, a);
      h.start(whole.length);
      for (const p of pieces) h.feed(p);
      h.end(b);
      expect(Array.from(b)).toEqual(Array.from(a));
    }));
  });

  it('differs when the same pieces are split differently but spell another string', () => {
    const a = new Uint32Array(2);
    const b = new Uint32Array(2);
    new StringHash().start(4).feed('ab').feed('cd').end(a);
    new StringHash().start(4).feed('ba').feed('cd').end(b);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});

describe('hashWords (a packed state\'s fingerprint, paxos-spec)', () => {
  const of = (words: number[]) => {
    const out = new Uint32Array(2);
    hashWords(Int32Array.from(words), out);
    return `${out[0]}:${out[1]}`;
  };

  it('is a function of the words alone', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 40 }), (words) => {
      expect(of(words)).toBe(of([...words]));
    }));
  });

  it('tells apart lists that differ in one word, in order, or in length (zeros included)', () => {
    expect(of([1, 2])).not.toBe(of([2, 1]));
    expect(of([0])).not.toBe(of([0, 0]));
    expect(of([])).not.toBe(of([0]));
    expect(of([-1, -1, -1])).not.toBe(of([-1, -1, -2]));
    // Every list of up to three words from -2..5: no two share a fingerprint (585 lists).
    const seen = new Set<string>();
    let lists = 0;
    const walk = (prefix: number[]) => {
      seen.add(of(prefix));
      lists++;
      if (prefix.length < 3) for (let x = -2; x <= 5; x++) walk([...prefix, x]);
    };
    walk([]);
    expect(lists).toBe(585);
    expect(seen.size).toBe(lists);
  });

  it('changes both lanes when one word changes', () => {
    const a = new Uint32Array(2);
    const b = new Uint32Array(2);
    hashWords(Int32Array.from([3, 7, 11, 13]), a);
    hashWords(Int32Array.from([3, 7, 12, 13]), b);
    expect(a[0]).not.toBe(b[0]);
    expect(a[1]).not.toBe(b[1]);
  });
});
