/**
 * Properties of Lamport's TwoPhase (and TCommit): TCConsistent, "no RM has committed while
 * another has aborted", with `sometimes` witnesses that both outcomes are reachable.
 */
import type { ClusterView } from '../../engine/cluster.js';
import { always, sometimes } from '../../engine/properties.js';

type RmView = { state: string };
type World = ClusterView<RmView>;

const rms = (w: World) => w.ofRole('rm');

export const consistency = always<World>('TCConsistent', (w) => {
  const committed = rms(w).find((n) => n.view.state === 'committed');
  const aborted = rms(w).find((n) => n.view.state === 'aborted');
  return committed && aborted ? `TCConsistent: ${committed.id} committed while ${aborted.id} aborted` : true;
});

export const someCommit = sometimes<World>('Some RM commits', (w) => rms(w).some((n) => n.view.state === 'committed'));
export const someAbort = sometimes<World>('Some RM aborts', (w) => rms(w).some((n) => n.view.state === 'aborted'));

export const twophaseProperties = [consistency, someCommit, someAbort];
