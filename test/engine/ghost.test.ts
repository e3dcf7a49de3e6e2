import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { ClusterModel } from '../../engine/cluster.js';
import { findProtocol } from '../../cli/registry.js';

/** The same model with its ghost spec changed (the spec is shared, so rebuild from a copy). */
function withGhost(protocol: string, change: (g: any) => any): ClusterModel {
  const m = buildModel(findProtocol(protocol)) as ClusterModel;
  return new ClusterModel({ ...m.spec, ghost: change(m.spec.ghost) });
}

describe('ghost state', () => {
  it.each(['twophase-net', 'raft', 'paxos'])('memoized nodesOnly updates give the unmemoized counts (%s)', (protocol) => {
    const memo = explore(withGhost(protocol, (g) => g));
    const plain = explore(withGhost(protocol, (g) => ({ ...g, nodesOnly: false })));
    expect(withGhost(protocol, (g) => g).spec.ghost?.nodesOnly).toBe(true);
    expect(memo.verdict).toBe(plain.verdict);
    expect(memo.distinctStates).toBe(plain.distinctStates);
    expect(memo.generatedStates).toBe(plain.generatedStates);
    expect(memo.distinctStates).toBeGreaterThan(1000);
  });

  it('a nodesOnly ghost that reads messages fails with a message naming the protocol', () => {
    const model = withGhost('twophase-net', (g) => ({ ...g, update: (prev: unknown, w: { messages(): unknown[] }) => (w.messages(), prev) }));
    const [w] = model.initialStates();
    const act = model.actions(w)[0];
    expect(() => model.next(w, act)).toThrow(/twophase-net: its ghost declares nodesOnly but its update read messages\(\)/);
  });
});
