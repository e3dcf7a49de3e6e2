/**
 * The atomic commitment properties judged on hand-built worlds: each invariant holds on a good
 * world and names the nodes and values on a known-bad one; the ghost remembers what a crash
 * erases. Plus a known limitation: without crash faults the persistence bugs are out of reach,
 * and explore says so (unknown, vacuous) instead of passing them.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterView, NodeView } from '../../engine/cluster.js';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { violationOf } from '../../engine/properties.js';
import type { RmView, TmView } from '../../models/twophase-net/views.js';
import { twophaseNet } from '../../models/twophase-net/protocol.js';
import { acGhost, agreement, commitValidity, irrevocability, type AcGhost } from './atomicCommitment.js';

type Views = { tm: TmView; rms: RmView[]; crashed?: string[] };

function world({ tm, rms, crashed = [] }: Views, ghost?: AcGhost): ClusterView<RmView | TmView, AcGhost> {
  const nodes: NodeView<RmView | TmView>[] = [
    { id: 'tm', index: 0, role: 'tm', crashed: crashed.includes('tm'), view: tm },
    ...rms.map((view, i) => ({ id: `rm${i + 1}`, index: i + 1, role: 'rm', crashed: crashed.includes(`rm${i + 1}`), view })),
  ];
  const w: ClusterView<RmView | TmView, AcGhost> = {
    nodes,
    node: (id) => nodes.find((n) => n.id === id)!,
    ofRole: (role) => nodes.filter((n) => n.role === role),
    ghost: undefined as unknown as AcGhost,
    params: { rms: rms.length },
    messages: () => [],
  };
  w.ghost = ghost ?? acGhost.init(w as unknown as ClusterView<any, undefined>);
  return w;
}

const tm = (state: TmView['state'], decision: TmView['decision'] = null, yes: string[] = []): TmView => ({ state, decision, yes });
const rm = (state: RmView['state'], vote: RmView['vote'] = null): RmView => ({ state, vote });
const judge = (p: typeof agreement, w: ReturnType<typeof world>) => violationOf(p as never, w);

describe('twophase-net atomic commitment properties', () => {
  it('Agreement: a commit beside an abort is caught, naming both nodes', () => {
    expect(judge(agreement, world({ tm: tm('committed', 'commit'), rms: [rm('committed', 'yes'), rm('prepared', 'yes')] }))).toBeNull();
    expect(judge(agreement, world({ tm: tm('committed', 'commit'), rms: [rm('committed', 'yes'), rm('aborted', 'yes')] })))
      .toBe('Agreement: tm committed while rm2 aborted');
    expect(judge(agreement, world({ tm: tm('preparing'), rms: [rm('aborted', 'no'), rm('committed', 'yes')] })))
      .toBe('Agreement: rm2 committed while rm1 aborted');
  });

  it('Commit Validity: a commit without every yes vote is caught, listing the votes', () => {
    expect(judge(commitValidity, world({ tm: tm('committed', 'commit'), rms: [rm('prepared', 'yes'), rm('prepared', 'yes')] }))).toBeNull();
    expect(judge(commitValidity, world({ tm: tm('committed', 'commit'), rms: [rm('prepared', 'yes'), rm('working')] })))
      .toBe('Commit Validity: tm committed but rm2 never voted yes (votes: rm1 yes, rm2 none)');
    // An abort needs no votes.
    expect(judge(commitValidity, world({ tm: tm('aborted', 'abort'), rms: [rm('working'), rm('aborted', 'no')] }))).toBeNull();
  });

  it('Commit Validity reads the ghost: a yes vote erased by a crash still counts', () => {
    const before = world({ tm: tm('preparing'), rms: [rm('prepared', 'yes'), rm('prepared', 'yes')] });
    const after = world({ tm: tm('committed', 'commit'), rms: [rm('aborted'), rm('prepared', 'yes')], crashed: ['rm1'] }, undefined);
    after.ghost = acGhost.update(before.ghost, after);
    expect(after.ghost.votedYes).toEqual(['rm1', 'rm2']);
    expect(judge(commitValidity, after)).toBeNull();
    expect(judge(agreement, after)).toBe('Agreement: tm committed while rm1 aborted');
  });

  it('Irrevocability: a decision that changes is caught, even across a crash', () => {
    const decided = world({ tm: tm('committed', 'commit'), rms: [rm('prepared', 'yes'), rm('prepared', 'yes')] });
    expect(decided.ghost.decided).toEqual({ tm: 'commit' });
    const same = world({ tm: tm('committed', 'commit'), rms: [rm('prepared', 'yes'), rm('prepared', 'yes')], crashed: ['tm'] });
    same.ghost = acGhost.update(decided.ghost, same);
    expect(judge(irrevocability, same)).toBeNull();
    const forgot = world({ tm: tm('aborted', null), rms: [rm('prepared', 'yes'), rm('prepared', 'yes')], crashed: ['tm'] });
    forgot.ghost = acGhost.update(decided.ghost, forgot);
    expect(forgot.ghost.decided).toEqual({ tm: 'commit' }); // the first decision sticks
    expect(judge(irrevocability, forgot)).toBe('Irrevocability: tm decided commit, later abort (after its crash)');
  });

  it('known limitation: without crashes the persistence bugs are unreachable, and explore reports unknown, not ok', () => {
    for (const impl of ['unpersisted-vote', 'forgetful-coordinator']) {
      const r = explore(buildModel(twophaseNet, { impl, mode: 'explore', faults: { maxCrashes: 0 } }));
      expect(r.verdict).toBe('unknown');
      if (r.verdict === 'unknown') expect(r.reason).toContain("'Commit survives a crash'");
    }
  });
});
