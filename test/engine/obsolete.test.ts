/**
 * Obsolete messages (RoleLogic.obsolete): a role may declare messages that can never change it
 * again; the engine removes them from the network. On a toy protocol — a writer bumps an epoch
 * by one or two and announces each one; a reader keeps the highest epoch it has heard, so an announcement at
 * or below its epoch is dead forever — the reduction keeps verdicts, shortest counterexamples
 * and witnesses, shrinks the space, and a false claim is reported, not trusted. Also: the ghost
 * memo (GhostSpec.update memoized on previous ghost and node states) still sees the network
 * when the ghost reads it.
 */
import { describe, expect, it } from 'vitest';
import { ClusterModel, type GhostSpec } from '../../engine/cluster.js';
import { explore } from '../../engine/explore.js';
import { faultConfig, type NetworkSemantics } from '../../engine/faults.js';
import { implRole, type NodeImplementation } from '../../engine/implementation.js';
import { always, sometimes } from '../../engine/properties.js';

const MAX = 3;

/** The writer moves its epoch up by 1 or 2 and announces the new one. */
const writer: NodeImplementation<{ epoch: number }> = {
  init: () => ({ epoch: 0 }),
  handle: (s, e) =>
    e.type === 'bump' && s.epoch + e.by <= MAX
      ? { state: { epoch: s.epoch + e.by }, send: [{ to: 'reader', msg: { type: 'Epoch', epoch: s.epoch + e.by } }] }
      : { state: s },
  view: (s) => s,
  envEvents: () => [{ type: 'bump', by: 1 }, { type: 'bump', by: 2 }],
};

const reader = (obsolete?: NodeImplementation<{ epoch: number }>['obsolete']): NodeImplementation<{ epoch: number }> => ({
  init: () => ({ epoch: 0 }),
  handle: (s, e) => (e.type === 'Epoch' && e.epoch > s.epoch ? { state: { epoch: e.epoch } } : { state: s }),
  view: (s) => s,
  durable: ['epoch'],
  obsolete,
});

const properties = [
  // Violated once the reader has skipped epoch 2 (heard 3 without 2): needs reordering.
  always<any>('No Skipping', (w) => !(w.node('reader').view.epoch === MAX && w.ghost?.heard2 === false) || 'the reader skipped epoch 2'),
  sometimes<any>('The reader catches up', (w) => w.node('reader').view.epoch === MAX),
];

/** Ghost: whether the reader ever held epoch 2, and the most messages ever in flight (reads the network). */
const ghost: GhostSpec<{ heard2: boolean; most: number }> = {
  init: () => ({ heard2: false, most: 0 }),
  update: (g, w) => ({ heard2: g.heard2 || w.node('reader').view.epoch === 2, most: Math.max(g.most, w.messages().length) }),
};

function model(network: NetworkSemantics, dead?: NodeImplementation<{ epoch: number }>['obsolete'], withGhost = false) {
  return new ClusterModel({
    protocol: 'epochs', impl: 'test', params: {},
    nodes: [{ id: 'writer', role: 'writer' }, { id: 'reader', role: 'reader' }],
    roles: { writer: implRole('writer', writer), reader: implRole('reader', reader(dead)) },
    faults: faultConfig({ network, maxCrashes: 1, maxDrops: 1, maxDuplicates: 1 }),
    properties: withGhost ? properties : properties.slice(1),
    ghost: withGhost ? ghost : undefined,
  });
}

const stale: NodeImplementation<{ epoch: number }>['obsolete'] = (s, e) => e.type === 'Epoch' && e.epoch <= s.epoch;

describe('obsolete messages', () => {
  for (const network of ['set', 'multiset', 'fifo'] as const) {
    it(`${network}: removing them keeps the verdict and shrinks the space`, () => {
      const full = explore(model(network));
      const pruned = explore(model(network, stale));
      expect([full.verdict, pruned.verdict]).toEqual(['ok', 'ok']);
      expect(pruned.distinctStates).toBeLessThan(full.distinctStates);
    });
  }

  it('keeps the shortest counterexample', () => {
    const full = explore(model('set', undefined, true));
    const pruned = explore(model('set', stale, true));
    expect(full.verdict).toBe('violated');
    expect(pruned.verdict).toBe('violated');
    if (full.verdict !== 'violated' || pruned.verdict !== 'violated') return;
    expect(pruned.violation.path.length).toBe(full.violation.path.length);
    expect(pruned.violation.property).toBe('No Skipping');
  });

  it('removes a message as soon as it is obsolete, and never re-adds it', () => {
    const m = model('set', stale);
    let w = m.initialStates()[0];
    const bump1 = () => (w = m.next(w, m.actions(w).find((a) => JSON.stringify(m.describeAction(w, a)).includes('"by":1'))!));
    bump1();
    bump1(); // writer at epoch 2: Epoch 1 and Epoch 2 in flight
    expect(m.describeState(w).network.map((s) => (s.msg as { epoch: number }).epoch).sort()).toEqual([1, 2]);
    w = m.next(w, m.actions(w).find((a) => JSON.stringify(m.describeAction(w, a)).includes('"epoch":2'))!);
    // The reader holds 2: both announcements are dead, and neither is listed as deliverable.
    expect(m.describeState(w).network).toEqual([]);
    expect(m.actions(w).map((a) => (m.describeAction(w, a) as { type: string }).type)).not.toContain('deliver');
  });

  it('reports a false claim as the implementation failing, with the message', () => {
    // Claims that the next epoch is dead too: handling it would change the reader.
    const r = explore(model('set', (s, e) => e.type === 'Epoch' && e.epoch <= s.epoch + 1));
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.property).toBe('No Exception');
    expect(r.violation.message).toMatch(/declares this message obsolete/);
  });

  it('memoizes the ghost only where it did not read the network', () => {
    // After one bump, dropping or duplicating the announcement leaves the same previous ghost
    // and the same node states, but the ghost (which counts messages in flight) must differ.
    const m = model('multiset', undefined, true);
    const init = m.initialStates()[0];
    const of = (w: Int32Array, type: string) => m.actions(w).find((a) => (m.describeAction(w, a) as { type: string }).type === type)!;
    const bumped = m.next(init, of(init, 'env'));
    expect(m.describeState(bumped).ghost).toEqual({ heard2: false, most: 1 });
    expect(m.describeState(m.next(bumped, of(bumped, 'drop'))).ghost).toEqual({ heard2: false, most: 1 });
    expect(m.describeState(m.next(bumped, of(bumped, 'duplicate'))).ghost).toEqual({ heard2: false, most: 2 });
  });
});
