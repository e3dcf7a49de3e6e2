import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { Expander } from '../../engine/explore.js';
import { FingerprintSet } from '../../engine/fpset.js';
import { PackedQueue } from '../../engine/stateQueue.js';
import { wireMap, wireSent, type ClusterModel } from '../../engine/cluster.js';
import { findProtocol } from '../../cli/registry.js';

const build = (protocol: string) => buildModel(findProtocol(protocol), {}) as ClusterModel;

/**
 * The states `depth` steps from the initial ones (each level deduplicated), by the explorer's
 * Expander; `reversed` expands each level last state first, so ids are interned in another order.
 */
function level(model: ClusterModel, depth: number, reversed = false): PackedQueue {
  const expander = new Expander(model, new FingerprintSet(), undefined, null);
  let frontier = new PackedQueue();
  expander.initial(frontier);
  for (let d = 0; d < depth; d++) {
    const next = new PackedQueue();
    for (let k = 0; k < frontier.length; k++) expect(expander.expand(frontier, reversed ? frontier.length - 1 - k : k, next)).toBeNull();
    frontier = next;
  }
  return frontier;
}

const described = (model: ClusterModel, q: PackedQueue, from: number) =>
  Array.from({ length: q.length - from }, (_, i) => model.describeState(q.state(from + i)));

describe('moving worlds between threads (wire encoding)', () => {
  // raft has ghost state, so all three kinds of id travel.
  it.each(['raft', 'twophase-net'])('%s: moved worlds are the same worlds with the same fingerprints in the receiver\'s ids', (protocol) => {
    const a = build(protocol);
    const b = build(protocol);
    const sent = wireSent();
    const map = wireMap();
    const qa = level(a, 6);
    level(b, 6, true);
    expect(qa.length).toBeGreaterThan(90);

    const count = 60;
    const expected = described(a, qa, qa.length - count);
    const block = a.wireEncode(qa.takeLast(count), sent);
    b.wireDecode(block, map);
    const moved = new PackedQueue();
    moved.pushAll(block);
    expect(moved.length).toBe(count);
    expect(described(b, moved, 0)).toEqual(expected);
    const fp = new Uint32Array(2);
    const carried = new Uint32Array(2);
    for (let i = 0; i < count; i++) {
      b.fingerprint(moved.state(i), fp);
      moved.fingerprint(i, carried);
      expect([...fp]).toEqual([...carried]);
    }
    // The ids did differ between the two models (the test exercises the mapping).
    // The two models' ids do differ (the mapping is exercised).
    const renamed = (kind: 'locals' | 'msgs') => [...map[kind].data].some((to, from) => to >= 0 && to !== from);
    expect(renamed('locals') || renamed('msgs')).toBe(true);

    // A second packet carries no content already sent, and decodes as well.
    const rest = described(a, qa, qa.length - 30);
    const second = a.wireEncode(qa.takeLast(30), sent);
    expect(second.locals.length + second.msgs.length).toBe(0);
    b.wireDecode(second, map);
    const more = new PackedQueue();
    more.pushAll(second);
    expect(described(b, more, 0)).toEqual(rest);
  });

  it.each(['raft', 'twophase-net'])("%s: a packet carries the sender's memoized steps, and they give the receiver the sender's successors", (protocol) => {
    const a = build(protocol);
    const qa = level(a, 4);
    const count = Math.min(60, qa.length);
    const successors = (model: ClusterModel, q: PackedQueue, from: number) =>
      Array.from({ length: q.length - from }, (_, i) => {
        const w = q.state(from + i).slice();
        const fp = new Uint32Array(2);
        return model.actions(w).map((act) => (model.fingerprint(model.next(w, act), fp), `${fp[0]}:${fp[1]}`)).sort();
      });
    const expected = successors(a, qa, qa.length - count);
    // The receiver has interned a little in an order of its own, so the ids differ.
    const c = build(protocol);
    level(c, 2, true);
    const own = c.stats().localSteps;
    expect(own).toBeLessThan(a.stats().localSteps);
    const packet = a.wireEncode(qa.takeLast(count), wireSent());
    c.wireDecode(packet, wireMap());
    // Every step a computed is now memoized in c too (none of these threw).
    expect(c.stats().localSteps).toBe(a.stats().localSteps);
    const moved = new PackedQueue();
    moved.pushAll(packet);
    expect(successors(c, moved, 0)).toEqual(expected);
  });

  it('an id whose content never came is an internal error, not a wrong world', () => {
    const a = build('twophase-net');
    const qa = level(a, 4);
    const packet = a.wireEncode(qa.takeLast(20), wireSent());
    expect(() => build('twophase-net').wireDecode({ ...packet, locals: [] }, wireMap())).toThrow(/never sent/);
  });
});
