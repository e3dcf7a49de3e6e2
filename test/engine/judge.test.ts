import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { ClusterModel, type ClusterView } from '../../engine/cluster.js';
import { always, sometimes, type Property } from '../../engine/properties.js';
import { findProtocol } from '../../cli/registry.js';

/** A TwoPhase model with its properties replaced, optionally without the judged-key memo. */
function twophase(rms: number, properties: Property<ClusterView>[], memo: boolean | 'unsound' = true, protocol = 'twophase'): ClusterModel {
  const base = buildModel(findProtocol(protocol), { params: { rms } }) as ClusterModel;
  const model = new ClusterModel({ ...base.spec, properties });
  if (memo === false) Object.assign(model, { viewKey: undefined });
  // A memo that ignores what the properties read: what the engine must not do.
  if (memo === 'unsound') Object.assign(model, { viewKeyCovers: () => true });
  return model;
}

const committed = (w: ClusterView) => w.ofRole('rm').some((n) => n.view.state === 'committed');

describe('judging each node configuration once', () => {
  it('judges a key once when the properties read only nodes, with the same verdicts and counts', () => {
    let calls = 0;
    const props = () => [
      always<ClusterView>('no RM both committed and aborted', (w) => {
        calls++;
        return !(committed(w) && w.ofRole('rm').some((n) => n.view.state === 'aborted'));
      }),
      sometimes<ClusterView>('some RM commits', committed),
    ];
    const plain = explore(twophase(5, props(), false));
    const plainCalls = calls;
    calls = 0;
    const memo = explore(twophase(5, props()));
    expect(memo.verdict).toBe('ok');
    expect(plain.verdict).toBe('ok');
    expect(memo.distinctStates).toBe(plain.distinctStates);
    expect(memo.generatedStates).toBe(plain.generatedStates);
    expect(memo.witnessed).toEqual(plain.witnessed);
    expect(plainCalls).toBe(plain.distinctStates);
    // 8,832 states; about half share their nodes' configuration with a state judged before.
    expect(calls).toBeLessThan(plainCalls * 0.6);
    expect(calls).toBeGreaterThan(0);
  });

  it('judges every state whose properties read messages(), so a violation only messages show is found', () => {
    // twophase-net: messages are consumed, so equal node states come with different networks.
    const busy = () => [always<ClusterView>('at most 4 messages in flight', (w) => w.messages().length <= 4)];
    const plain = explore(twophase(2, busy(), false, 'twophase-net'));
    const memo = explore(twophase(2, busy(), true, 'twophase-net'));
    expect(plain.verdict).toBe('violated');
    expect(plain.depth).toBe(3);
    expect(memo.verdict).toBe('violated');
    expect(memo.depth).toBe(plain.depth);
    expect(memo.distinctStates).toBe(plain.distinctStates);
    // The test can fail: keying these verdicts on what the properties read of the nodes (none of
    // them) judges only the first state, and misses the violation.
    const unsound = explore(twophase(2, busy(), 'unsound', 'twophase-net'));
    expect(unsound.verdict).toBe('ok');
  });

  it('keys a verdict on the nodes the properties read: here the RMs, not the TM', () => {
    let calls = 0;
    const consistent = (read: (w: ClusterView) => readonly { role: string; view: any }[]) => [
      always<ClusterView>('no RM both committed and aborted', (w) => {
        calls++;
        const rms = read(w).filter((n) => n.role === 'rm');
        return !(rms.some((n) => n.view.state === 'committed') && rms.some((n) => n.view.state === 'aborted'));
      }),
    ];
    const everyNode = explore(twophase(6, consistent((w) => w.nodes)));
    const everyNodeCalls = calls;
    calls = 0;
    const rmsOnly = explore(twophase(6, consistent((w) => w.ofRole('rm'))));
    expect(rmsOnly.verdict).toBe('ok');
    expect(everyNode.verdict).toBe('ok');
    expect(rmsOnly.distinctStates).toBe(everyNode.distinctStates);
    expect(rmsOnly.distinctStates).toBe(50_816);
    // Keyed on every node, the TM's record of prepared RMs multiplies the keys; keyed on the six
    // RMs there are at most 4^6 = 4,096 of them, each judged once.
    expect(everyNodeCalls).toBeGreaterThan(10_000);
    expect(calls).toBeLessThanOrEqual(4 ** 6);
    expect(calls).toBeGreaterThan(0);
  });

  it('widens the key when a property reads a node it had not read before', () => {
    // Reads the TM only once every RM is prepared: the first such state has the TM still in
    // init, and a later one (the TM aborted) violates.
    const prepared = () => [
      always<ClusterView>('the TM has not aborted once every RM is prepared', (w) => {
        if (!w.ofRole('rm').every((n) => n.view.state === 'prepared')) return true;
        return w.node('tm').view.state !== 'aborted';
      }),
    ];
    const plain = explore(twophase(3, prepared(), false));
    const memo = explore(twophase(3, prepared()));
    if (plain.verdict !== 'violated' || memo.verdict !== 'violated') throw new Error(`expected violations, got ${plain.verdict} and ${memo.verdict}`);
    expect(memo.depth).toBe(plain.depth);
    expect(memo.violation.path).toEqual(plain.violation.path);
    // The test can fail: a key that never widens past the nodes read first (the RMs) takes the
    // first all-prepared verdict for every later state with the same RMs, and misses it.
    const model = twophase(3, prepared());
    const covers = model.viewKeyCovers.bind(model);
    Object.assign(model, { viewKeyCovers: () => (model.viewKeyEpoch === 0 ? covers() : true) });
    expect(explore(model).verdict).toBe('ok');
  });
});
