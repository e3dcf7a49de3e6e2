import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { Expander } from '../../engine/explore.js';
import { FingerprintSet } from '../../engine/fpset.js';
import { PackedQueue, QueueReader } from '../../engine/stateQueue.js';
import { wireMap, wireSent, type ClusterModel } from '../../engine/cluster.js';
import { findProtocol } from '../../cli/registry.js';

const build = (protocol: string) => buildModel(findProtocol(protocol), {}) as ClusterModel;

/**
 * The states `depth` steps from the initial ones (each level deduplicated), by the explorer's
 * Expander; `reversed` expands each level last state first, so ids are interned in another order.
 */
function level(model: ClusterModel, depth: number, reversed = false): PackedQueue {
  const expander = new Expander(model, new FingerprintSet(), undefined, null);
  let frontier = new PackedQueue(true);
  expander.initial(frontier);
  for (let d = 0; d < depth; d++) {
    const next = new PackedQueue(true);
    for (let k = 0; k < frontier.length; k++) expect(expander.expand(frontier, reversed ? frontier.length - 1 - k : k, next)).toBeNull();
    frontier = next;
  }
  return frontier;
}

/** States from..to-1 of a level as another thread reads them (the parallel explorer's steal). */
const blockOf = (q: PackedQueue, from: number, to: number) => new QueueReader(q.share()).block(from, to);

const described = (model: ClusterModel, q: PackedQueue, from: number) =>
  Array.from({ length: q.length - from }, (_, i) => model.describeState(q.state(from + i)));

describe('reading worlds across threads (published content, mapped ids)', () => {
  // raft has ghost state, so all three kinds of id travel.
  it.each(['raft', 'twophase-net'])('%s: worlds read by another thread are the same worlds with the same fingerprints in its ids', (protocol) => {
    const a = build(protocol);
    const b = build(protocol);
    const sent = wireSent();
    const map = wireMap();
    const qa = level(a, 6);
    level(b, 6, true);
    expect(qa.length).toBeGreaterThan(90);

    const count = 60;
    const from = qa.length - 90;
    const expected = described(a, qa, from).slice(0, count);
    b.wireImport(a.wireContent(sent), map);
    const block = blockOf(qa, from, from + count);
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
    // The two models' ids do differ (the mapping is exercised).
    const renamed = (kind: 'locals' | 'msgs') => [...map[kind].data].some((to, from) => to >= 0 && to !== from);
    expect(renamed('locals') || renamed('msgs')).toBe(true);

    // Publishing again carries no content already published, and the rest decodes as well.
    const rest = described(a, qa, from + count);
    const second = a.wireContent(sent);
    expect(second.locals.length + second.msgs.length + second.ghosts.length + second.steps.length).toBe(0);
    b.wireImport(second, map);
    const block2 = blockOf(qa, from + count, qa.length);
    b.wireDecode(block2, map);
    const more = new PackedQueue();
    more.pushAll(block2);
    expect(described(b, more, 0)).toEqual(rest);
  });

  it.each(['raft', 'twophase-net'])("%s: published content carries the publisher's memoized steps, and they give the reader the publisher's successors", (protocol) => {
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
    // The reader has interned a little in an order of its own, so the ids differ.
    const c = build(protocol);
    level(c, 2, true);
    const own = c.stats().localSteps;
    expect(own).toBeLessThan(a.stats().localSteps);
    const map = wireMap();
    c.wireImport(a.wireContent(wireSent()), map);
    // Every step a computed is now memoized in c too (none of these threw).
    expect(c.stats().localSteps).toBe(a.stats().localSteps);
    const block = blockOf(qa, qa.length - count, qa.length);
    c.wireDecode(block, map);
    const moved = new PackedQueue();
    moved.pushAll(block);
    expect(successors(c, moved, 0)).toEqual(expected);
  });

  it('an id whose content was never published is an internal error, not a wrong world', () => {
    const a = build('twophase-net');
    const qa = level(a, 4);
    const content = a.wireContent(wireSent());
    const b = build('twophase-net');
    const map = wireMap();
    b.wireImport({ ...content, locals: [], steps: new Int32Array(0) }, map);
    expect(() => b.wireDecode(blockOf(qa, qa.length - 20, qa.length), map)).toThrow(/never published/);
    // With the content, the same worlds decode.
    b.wireImport(a.wireContent(wireSent()), map);
    expect(() => b.wireDecode(blockOf(qa, qa.length - 20, qa.length), map)).not.toThrow();
  });
});
