/**
 * Bug: an acceptor accepts a ballot lower than the one it promised.
 *
 * The Accept handler compares the ballot with the last *accepted* ballot instead of the
 * *promised* one, so a Promise made in phase 1 of a higher ballot no longer fences off a slower
 * proposer's Accept from a lower ballot. That promise is what P2c's argument rests on: a value
 * chosen in ballot n is reported by some member of every later majority, provided no member
 * of that majority accepts a lower ballot after promising.
 */
import type { HandleResult, NodeImplementation } from '../../../engine/implementation.js';
import type { NodeContext, NodeEvent } from '../../../engine/role.js';
import { acceptor, acceptProposal, dispatch, onPrepare, reference, type AcceptorState } from '../reference.js';

function onAcceptIgnoringPromise(s: AcceptorState, e: NodeEvent, ctx: NodeContext): HandleResult<AcceptorState> {
  const ballot = e.ballot as number;
  if (ballot < s.acceptedBallot) return { state: s }; // BUG: should be s.promised
  return acceptProposal(s, ballot, e.value as string, ctx);
}

export const acceptsLowerBallotAcceptor: NodeImplementation<AcceptorState> = {
  ...acceptor,
  handle: dispatch<AcceptorState>({ Prepare: onPrepare, Accept: onAcceptIgnoringPromise }),
};

export const acceptsLowerBallot = { ...reference, acceptor: acceptsLowerBallotAcceptor };
