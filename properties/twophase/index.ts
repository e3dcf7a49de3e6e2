/**
 * Properties of Lamport's TwoPhase (and TCommit): TCConsistent, "no RM has committed while
 * another has aborted", with `sometimes` witnesses that both outcomes are reachable.
 */
import type { ClusterView, NodeView } from '../../engine/cluster.js';
import { always, sometimes } from '../../engine/properties.js';

type RmView = { state: string };
type World = ClusterView<RmView>;

const rms = (w: World) => w.ofRole('rm');
// Predicates made once, not per judged state (the explorer judges millions).
const isCommitted = (n: NodeView<RmView>) => n.view.state === 'committed';
const isAborted = (n: NodeView<RmView>) => n.view.state === 'aborted';

export const consistency = always<World>('TCConsistent', (w) => {
  const committed = rms(w).find(isCommitted);
  const aborted = rms(w).find(isAborted);
  return committed && aborted ? `TCConsistent: ${committed.id} committed while ${aborted.id} aborted` : true;
});

export const someCommit = sometimes<World>('Some RM commits', (w) => rms(w).some(isCommitted));
export const someAbort = sometimes<World>('Some RM aborts', (w) => rms(w).some(isAborted));

export const twophaseProperties = [consistency, someCommit, someAbort];
