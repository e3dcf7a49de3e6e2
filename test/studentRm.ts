/**
 * A student's resource manager for `twophase` (its 'rm' role), as the text of a module of its
 * own, for tests that load it by path (`--impl PATH`): it aborts even after preparing, which
 * TCConsistent catches.
 */
export const STUDENT_RM = `
export const rm = {
  init: () => ({ state: 'working' }),
  handle(s: { state: string }, e: { type: string }) {
    if (e.type === 'prepare' && s.state === 'working') return { state: { state: 'prepared' }, send: [{ to: 'tm', msg: { type: 'Prepared' } }] };
    if (e.type === 'chooseToAbort' && s.state !== 'committed') return { state: { state: 'aborted' } };
    if (e.type === 'Commit') return { state: { state: 'committed' } };
    if (e.type === 'Abort') return { state: { state: 'aborted' } };
    return { state: s };
  },
  view: (s: { state: string }) => ({ state: s.state }),
  envEvents: () => [{ type: 'prepare' }, { type: 'chooseToAbort' }],
};
`;
