import { assign, setup, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { machineRole } from '../../engine/machineRole.js';
import type { NodeContext } from '../../engine/role.js';
import { tmMachine } from '../../models/twophase/machines.js';

const ctx: NodeContext = { id: 'tm', index: 0, role: 'tm', nodes: ['tm', 'rm1', 'rm2', 'rm3'], peers: ['rm1', 'rm2', 'rm3'], params: {} } as never;

describe('machineRole steps (one reused actor scope per machine)', () => {
  it('agree with XState transition() on every step of a walk, sends included', () => {
    const machine = tmMachine(['rm1', 'rm2', 'rm3']);
    const role = machineRole({ name: 'tm', machine });
    const events = [
      { type: 'commit' }, { type: 'Prepared', from: 'rm2' }, { type: 'Prepared', from: 'rm2' }, { type: 'commit' },
      { type: 'Prepared', from: 'rm1' }, { type: 'Prepared', from: 'rm3' }, { type: 'abort' }, { type: 'commit' },
    ];
    // Two walks from the initial state: one ends committed, one aborted; steps interleave so a
    // scope carrying anything from one call to the next would show.
    for (const last of ['commit', 'abort']) {
      let ours = role.init(ctx);
      let theirs = ours;
      for (const e of [...events.slice(0, 6), { type: last }]) {
        const step = role.step(ours, e as never, ctx);
        if ('error' in step) throw new Error(step.error);
        const [next, actions] = transition(machine, theirs, e as never);
        expect(step.state.value).toEqual(next.value);
        expect(step.state.context).toEqual(next.context);
        const sent = actions.filter((a) => a.type === 'send').flatMap((a) => ((a.params as { to: string[] }).to).map((to) => ({ to, msg: (a.params as { msg: unknown }).msg })));
        expect(step.sends).toEqual(sent);
        ours = step.state;
        theirs = next;
      }
      expect(ours.value).toBe(last === 'commit' ? 'committed' : 'aborted');
    }
  });

  it('reports a throwing action as an error, and the next step still works', () => {
    const machine = setup({
      types: {} as { context: { n: number }; events: { type: 'inc' } | { type: 'boom' } },
    }).createMachine({
      context: { n: 0 },
      on: {
        inc: { actions: assign({ n: ({ context }) => context.n + 1 }) },
        boom: { actions: assign({ n: () => { throw new Error('kaboom'); } }) },
      },
    });
    const role = machineRole({ name: 'x', machine });
    const s0 = role.init(ctx);
    const bad = role.step(s0, { type: 'boom' } as never, ctx);
    expect('error' in bad && bad.error).toMatch(/kaboom/);
    const good = role.step(s0, { type: 'inc' } as never, ctx);
    expect('state' in good && good.state.context).toEqual({ n: 1 });
  });
});
