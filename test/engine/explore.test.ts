import { describe, expect, it } from 'vitest';
import { canonical } from '../../engine/canonical.js';
import { buildModel } from '../../engine/configure.js';
import { CheckInterval, explore, exploreUntil } from '../../engine/explore.js';
import { SharedFingerprintSet } from '../../engine/fpset.js';
import { ringPlacement } from '../../models/ring/placementProtocol.js';
import { ClusterModel, Act, actKind, actA } from '../../engine/cluster.js';
import { machineRole } from '../../engine/machineRole.js';
import { implRole } from '../../engine/implementation.js';
import { faultConfig } from '../../engine/faults.js';
import { sometimes } from '../../engine/properties.js';
import { twophase } from '../../models/twophase/protocol.js';
import { rmMachine, tmMachine } from '../../models/twophase/machines.js';
import { twophaseProperties } from '../../properties/twophase/index.js';
import { buggyTwophase, throwingTwophase } from './fixtures.js';

describe('explore on TwoPhase (cross-checked against TLC)', () => {
  it.each([
    [3, 288],
    [4, 1568],
  ])('rms=%i gives TLC\'s %i distinct states under set semantics', (rms, distinct) => {
    const r = explore(buildModel(twophase, { params: { rms }, network: 'set' }));
    expect(r.verdict).toBe('ok');
    expect(r.distinctStates).toBe(distinct);
    expect(Object.values(r.witnessed).every(Boolean)).toBe(true);
  });

  it('runs XState once per distinct local step (memoized on node, local state, event)', () => {
    let calls = 0;
    const roles = {
      tm: machineRole({ name: 'tm', machine: tmMachine(['rm1', 'rm2', 'rm3']), envEvents: () => [{ type: 'commit' }, { type: 'abort' }] }),
      rm: machineRole({ name: 'rm', machine: rmMachine('tm'), envEvents: () => [{ type: 'prepare' }, { type: 'chooseToAbort' }] }),
    };
    for (const role of Object.values(roles)) {
      const step = role.step.bind(role);
      role.step = (s, e, c) => (calls++, step(s, e, c));
    }
    const model = new ClusterModel({
      protocol: 'twophase', impl: 'model', params: { rms: 3 }, faults: faultConfig({ network: 'set' }),
      nodes: [{ id: 'tm', role: 'tm' }, { id: 'rm1', role: 'rm' }, { id: 'rm2', role: 'rm' }, { id: 'rm3', role: 'rm' }],
      roles, properties: twophaseProperties,
    });
    const r = explore(model);
    expect(r.distinctStates).toBe(288);
    expect(calls).toBe(model.stats().localSteps);
    expect(calls).toBeLessThan(r.generatedStates / 4);
  });
});

describe('explore verdicts', () => {
  it('finds the shortest counterexample: one RM prepares, another aborts, TM commits, Commit delivered', () => {
    const r = explore(buildModel(buggyTwophase, {}));
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.property).toBe('TCConsistent');
    expect(r.violation.path).toHaveLength(5);
  });

  it('reports a depth-bounded search as unknown, never ok', () => {
    const r = explore(buildModel(twophase, { params: { rms: 3 } }), { maxDepth: 3 });
    expect(r.verdict).toBe('unknown');
    if (r.verdict === 'unknown') expect(r.reason).toMatch(/depth bound 3/);
  });

  it('reports a state-bounded search as unknown', () => {
    const r = explore(buildModel(twophase, { params: { rms: 3 } }), { maxStates: 50 });
    expect(r.verdict).toBe('unknown');
  });

  it('reports a run that never witnesses a sometimes property as vacuous (unknown), not ok', () => {
    const base = buildModel(twophase, { params: { rms: 2 } }) as ClusterModel;
    const model = new ClusterModel({ ...base.spec, properties: [...twophaseProperties, sometimes('Everyone committed and aborted', () => false)] });
    const r = explore(model);
    expect(r.verdict).toBe('unknown');
    if (r.verdict === 'unknown') expect(r.reason).toMatch(/vacuous.*Everyone committed and aborted/);
  });

  it('reports an implementation that throws as a violation with the exception message', () => {
    const r = explore(buildModel(throwingTwophase, { impl: 'throws' }));
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.property).toBe('No Exception');
    expect(r.violation.message).toMatch(/rm\d threw while handling .*Abort.*RangeError: cannot abort a prepared transaction/);
  });
});

describe('how often the explorer checks its clock and asks to hand over (CheckInterval)', () => {
  it('doubles from every state to every 256th while checks come fast, halves when they come slowly', () => {
    const interval = new CheckInterval(0);
    const masks: number[] = [];
    let now = 0;
    // Fast states: the interval doubles with each check, up to every 256th state.
    for (let k = 0; k < 10; k++) {
      interval.checked((now += 1));
      masks.push(interval.mask);
    }
    expect(masks).toEqual([1, 3, 7, 15, 31, 63, 127, 255, 255, 255]);
    // Between 10 and 50 ms between checks: kept.
    interval.checked((now += 30));
    expect(interval.mask).toBe(255);
    // Over 50 ms: halved at each check, down to every state.
    for (let k = 0; k < 9; k++) interval.checked((now += 60));
    expect(interval.mask).toBe(0);
    interval.checked((now += 60));
    expect(interval.mask).toBe(0);
  });

  it('asks whether to hand over before every state when states take milliseconds, not every 256th', () => {
    // ring-placement's states, each made to take at least 12 ms (over the 10 ms under which the
    // interval grows): 4 nodes, 10 keys, 57 states in 6 levels.
    const model = buildModel(ringPlacement, { params: { keys: 10 } });
    const next = model.next.bind(model);
    model.next = (s, a) => {
      const until = performance.now() + 12;
      while (performance.now() < until);
      return next(s, a);
    };
    let asked = 0;
    const head = exploreUntil(model, {}, () => ++asked === 12, SharedFingerprintSet.create(1 << 16));
    // Asked before every state, it stops at the 12th; asked before every 256th, it would have
    // asked once a level (before the first state of each), 6 times, and never stopped.
    expect('frontier' in head).toBe(true);
    if ('frontier' in head) expect(head.depth).toBeLessThan(4);
  });
});

describe('cluster worlds', () => {
  const model = () => buildModel(twophase, { params: { rms: 2 }, network: 'multiset', faults: { maxDrops: 1, maxDuplicates: 1, maxCrashes: 1, maxPartitions: 1 } }) as ClusterModel;
  const fp = (m: ClusterModel, w: Int32Array) => {
    const out = new Uint32Array(2);
    m.fingerprint(w, out);
    return `${out[0]}:${out[1]}`;
  };
  const take = (m: ClusterModel, w: Int32Array, want: Record<string, unknown>) => {
    const a = m.actions(w).find((x) => canonical(m.describeAction(w, x)) === canonical(want));
    if (a === undefined) throw new Error(`not enabled: ${JSON.stringify(want)}; enabled: ${m.actions(w).map((x) => JSON.stringify(m.describeAction(w, x))).join(' ')}`);
    return m.next(w, a);
  };
  const prepare = (node: string) => ({ type: 'env', node, event: { type: 'prepare' } });

  it('fingerprints equal states equally whatever order they were built in', () => {
    const m = model();
    const [w0] = m.initialStates();
    const a = take(m, take(m, w0, prepare('rm1')), prepare('rm2'));
    const b = take(m, take(m, w0, prepare('rm2')), prepare('rm1'));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(fp(m, a)).toBe(fp(m, b));
    expect(fp(m, a)).not.toBe(fp(m, take(m, w0, prepare('rm1'))));
  });

  it('multiset: drop removes a copy, duplicate adds one, each bounded', () => {
    const m = model();
    const w1 = take(m, m.initialStates()[0], prepare('rm1'));
    const msg = { from: 'rm1', to: 'tm', msg: { type: 'Prepared' } };
    const dup = take(m, w1, { type: 'duplicate', ...msg });
    expect(m.describeState(dup).network).toHaveLength(2);
    expect(m.actions(dup).some((a) => actKind(a) === Act.Duplicate)).toBe(false);
    const dropped = take(m, dup, { type: 'drop', ...msg });
    expect(m.describeState(dropped).network).toHaveLength(1);
    expect(m.actions(dropped).some((a) => actKind(a) === Act.Drop)).toBe(false);
  });

  it('partition blocks delivery across sides until heal', () => {
    const m = model();
    const w1 = take(m, m.initialStates()[0], prepare('rm1'));
    const cut = take(m, w1, { type: 'partition', sides: [['tm', 'rm2'], ['rm1']] });
    expect(m.actions(cut).some((a) => actKind(a) === Act.Deliver)).toBe(false);
    const healed = take(m, cut, { type: 'heal' });
    expect(m.actions(healed).some((a) => actKind(a) === Act.Deliver)).toBe(true);
  });

  it('a crashed node takes no steps and restarts from its initial state plus durable fields', () => {
    const m = model();
    const w1 = take(m, m.initialStates()[0], prepare('rm1'));
    const crashed = take(m, w1, { type: 'crash', node: 'rm1' });
    const s = m.describeState(crashed);
    expect(s.nodes.rm1).toEqual({ role: 'rm', crashed: true, view: { state: 'working' } });
    expect(m.actions(crashed).some((a) => actKind(a) === Act.Env && actA(a) === 1)).toBe(false);
    const back = take(m, crashed, { type: 'restart', node: 'rm1' });
    expect(m.describeState(back).nodes.rm1.crashed).toBe(false);
  });

  it('fifo: only the head of each link is deliverable, in send order', () => {
    const sender = implRole('sender', {
      init: () => ({ sent: 0 }),
      handle: (s: { sent: number }, e) => (e.type === 'go' && s.sent < 2 ? { state: { sent: s.sent + 1 }, send: [{ to: 'r', msg: { type: 'M', n: s.sent } }] } : { state: s }),
      view: (s) => s,
      envEvents: () => [{ type: 'go' }],
    });
    const receiver = implRole('receiver', {
      init: () => ({ got: [] as number[] }),
      handle: (s: { got: number[] }, e) => (e.type === 'M' ? { state: { got: [...s.got, e.n as number] } } : { state: s }),
      view: (s) => s,
    });
    const m = new ClusterModel({
      protocol: 'fifo-test', impl: 'model', params: {}, faults: faultConfig({ network: 'fifo' }),
      nodes: [{ id: 's', role: 'sender' }, { id: 'r', role: 'receiver' }], roles: { sender, receiver }, properties: [],
    });
    let w = m.initialStates()[0];
    w = take(m, take(m, w, { type: 'env', node: 's', event: { type: 'go' } }), { type: 'env', node: 's', event: { type: 'go' } });
    const delivers = () => m.actions(w).filter((a) => actKind(a) === Act.Deliver).map((a) => m.describeAction(w, a));
    expect(delivers().map(canonical)).toEqual([canonical({ type: 'deliver', from: 's', to: 'r', msg: { type: 'M', n: 0 } })]);
    w = take(m, w, { type: 'deliver', from: 's', to: 'r', msg: { type: 'M', n: 0 } });
    expect(delivers().map(canonical)).toEqual([canonical({ type: 'deliver', from: 's', to: 'r', msg: { type: 'M', n: 1 } })]);
  });
});
