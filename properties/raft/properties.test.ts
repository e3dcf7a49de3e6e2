/**
 * The Figure 3 properties on hand-built histories: each one holds on a correct history and is
 * violated, with a message naming nodes, indexes and terms, on a history that breaks it. The
 * ghost is driven exactly as the engine drives it (init on the first world, update after).
 */
import { describe, expect, it } from 'vitest';
import type { ClusterView, NodeView } from '../../engine/cluster.js';
import { violationOf } from '../../engine/properties.js';
import type { Entry } from '../../models/raft/messages.js';
import { electionSafety } from './electionSafety.js';
import { raftGhost, type RaftGhost } from './ghost.js';
import { leaderAppendOnly } from './leaderAppendOnly.js';
import { leaderCompleteness } from './leaderCompleteness.js';
import { logMatching } from './logMatching.js';
import { stateMachineSafety } from './stateMachineSafety.js';
import type { RaftView } from './view.js';
import { committedEverywhere, laterLeader, leaderElected } from './witnesses.js';

type Views = Record<string, Partial<RaftView>>;
const IDS = ['n1', 'n2', 'n3'];
const e = (term: number, value = `c${term}.1`): Entry => ({ term, value });

function world(views: Views, ghost: RaftGhost | undefined): ClusterView<RaftView, RaftGhost> {
  const nodes: NodeView<RaftView>[] = IDS.map((id, index) => ({
    id, index, role: 'server', crashed: false,
    view: { role: 'follower', term: 0, votedFor: null, log: [], commitIndex: 0, ...views[id] },
  }));
  return {
    nodes, ghost: ghost as RaftGhost, params: {},
    node: (id) => nodes.find((n) => n.id === id)!,
    ofRole: (role) => nodes.filter((n) => n.role === role),
    messages: () => [],
  };
}

/** The world after a history of views, with the ghost updated step by step. */
function history(...steps: Views[]): ClusterView<RaftView, RaftGhost> {
  let ghost = raftGhost.init(world(steps[0], undefined));
  for (const step of steps.slice(1)) ghost = raftGhost.update(ghost, world(step, ghost));
  return world(steps[steps.length - 1], ghost);
}

const check = (p: typeof electionSafety, w: ClusterView<RaftView, RaftGhost>) => violationOf(p as never, w as never);

describe('Election Safety', () => {
  it('holds when each term has one leader, even after it steps down', () => {
    const w = history({ n1: { role: 'leader', term: 1 } }, { n1: { term: 2 }, n2: { role: 'leader', term: 2 } });
    expect(check(electionSafety, w)).toBeNull();
  });

  it('catches two leaders of one term, also when they never coexist', () => {
    const w = history({ n1: { role: 'leader', term: 2 } }, { n1: { term: 2 } }, { n2: { role: 'leader', term: 2 } });
    expect(check(electionSafety, w)).toBe('Election Safety: n1 and n2 were both elected leader in term 2');
  });
});

describe('Leader Append-Only', () => {
  it('holds when a leader appends, and when a deposed leader loses entries', () => {
    const appends = history({ n1: { role: 'leader', term: 1, log: [e(1)] } }, { n1: { role: 'leader', term: 1, log: [e(1), e(1, 'c1.2')] } });
    expect(check(leaderAppendOnly, appends)).toBeNull();
    const deposed = history({ n1: { role: 'leader', term: 1, log: [e(1)] } }, { n1: { role: 'follower', term: 2, log: [e(2)] } });
    expect(check(leaderAppendOnly, deposed)).toBeNull();
  });

  it('catches a leader overwriting or deleting its own entries', () => {
    const overwrite = history({ n2: { role: 'leader', term: 3, log: [e(1), e(3)] } }, { n2: { role: 'leader', term: 3, log: [e(1), e(2)] } });
    expect(check(leaderAppendOnly, overwrite)).toBe("Leader Append-Only: n2, leader of term 3, overwrote index 2 (t3 'c3.1') with t2 'c2.1'");
    const del = history({ n2: { role: 'leader', term: 3, log: [e(1), e(3)] } }, { n2: { role: 'leader', term: 3, log: [e(1)] } });
    expect(check(leaderAppendOnly, del)).toBe("Leader Append-Only: n2, leader of term 3, deleted index 2 (t3 'c3.1')");
  });
});

describe('Log Matching', () => {
  it('holds for logs that agree up to their last shared (index, term)', () => {
    const w = history({ n1: { log: [e(1), e(2), e(2, 'c2.2')] }, n2: { log: [e(1), e(2)] }, n3: { log: [e(1), e(3)] } });
    expect(check(logMatching, w)).toBeNull();
  });

  it('catches equal (index, term) after different entries', () => {
    const w = history({ n1: { log: [e(1), e(3)] }, n3: { log: [e(2), e(3)] } });
    expect(check(logMatching, w)).toBe("Log Matching: n1 and n3 both hold index 2 in term 3 but differ at index 1 (n1: t1 'c1.1', n3: t2 'c2.1')");
  });

  it('catches equal (index, term) with different commands', () => {
    const w = history({ n1: { log: [e(2, 'c2.1')] }, n2: { log: [e(2, 'c2.9')] } });
    expect(check(logMatching, w)).toBe("Log Matching: n1 and n2 both hold index 1 in term 2 but differ at index 1 (n1: t2 'c2.1', n2: t2 'c2.9')");
  });
});

describe('Leader Completeness', () => {
  const committed: Views = { n1: { role: 'leader', term: 1, log: [e(1)], commitIndex: 1 }, n2: { term: 1, log: [e(1)] } };

  it('holds when later leaders hold the committed entry', () => {
    const w = history(committed, { n1: { term: 2, log: [e(1)] }, n2: { role: 'leader', term: 2, log: [e(1), e(2)] } });
    expect(check(leaderCompleteness, w)).toBeNull();
  });

  it('catches a leader of a later term without an entry committed earlier', () => {
    const w = history(committed, { n1: { term: 2, log: [e(1)] }, n3: { role: 'leader', term: 2, log: [e(2)] } });
    expect(check(leaderCompleteness, w)).toBe(
      "Leader Completeness: n3, leader of term 2, lacks entry 1 (t1 'c1.1') committed in term 1; it holds t2 'c2.1' at index 1");
  });

  it('dates a commit by the lowest term in which a node held it committed', () => {
    const later = history({ n1: { role: 'leader', term: 3, log: [e(1)], commitIndex: 1 } }, { n2: { term: 2, log: [e(1)], commitIndex: 1 } });
    expect(later.ghost.committed).toEqual([{ index: 1, term: 1, value: 'c1.1', in: 2 }]);
  });
});

describe('State Machine Safety', () => {
  it('holds when every node applies the same entry at an index', () => {
    const w = history({ n1: { log: [e(1)], commitIndex: 1 } }, { n1: { log: [e(1)], commitIndex: 1 }, n2: { log: [e(1), e(2)], commitIndex: 1 } });
    expect(check(stateMachineSafety, w)).toBeNull();
  });

  it('catches a node applying a different entry where another applied first', () => {
    const w = history({ n1: { term: 3, log: [e(1)], commitIndex: 1 } }, { n1: { term: 3, log: [e(1)], commitIndex: 1 }, n3: { term: 4, log: [e(2)], commitIndex: 1 } });
    expect(check(stateMachineSafety, w)).toBe(
      "State Machine Safety: n3 applies t2 'c2.1' at index 1 (term 4, commitIndex 1) but t1 'c1.1' was applied there in term 3");
  });

  it('catches a node whose own applied entry is replaced in its log', () => {
    const w = history({ n2: { term: 2, log: [e(2)], commitIndex: 1 } }, { n2: { term: 2, log: [e(1)], commitIndex: 1 } });
    expect(check(stateMachineSafety, w)).toMatch(/^State Machine Safety: n2 applies t1 'c1.1' at index 1/);
  });
});

describe('witnesses', () => {
  it('see a leader, a commit everywhere and a later leader', () => {
    const all = { log: [e(1)], commitIndex: 1, term: 1 };
    const w = history({ n1: { ...all, role: 'leader' }, n2: all, n3: all }, { n1: all, n2: all, n3: { ...all, term: 2, role: 'leader' } });
    expect([leaderElected, committedEverywhere, laterLeader].map((p) => p.check(w as never))).toEqual([true, true, true]);
    const empty = history({});
    expect([leaderElected, committedEverywhere, laterLeader].map((p) => p.check(empty as never))).toEqual([false, false, false]);
  });
});
