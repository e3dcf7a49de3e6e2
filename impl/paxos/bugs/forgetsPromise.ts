/**
 * Bug: an acceptor forgets its promise on restart.
 *
 * Only the accepted proposal is written to stable storage; the promised ballot lives in memory
 * and restarts at -1. After a crash the acceptor will accept (and promise) ballots below one it
 * promised before the crash — the promise another proposer's phase 1 counted on.
 */
import type { NodeImplementation } from '../../../engine/implementation.js';
import { acceptor, reference, type AcceptorState } from '../reference.js';

export const forgetsPromiseAcceptor: NodeImplementation<AcceptorState> = {
  ...acceptor,
  durable: ['acceptedBallot', 'acceptedValue'], // BUG: 'promised' is not persisted
};

export const forgetsPromise = { ...reference, acceptor: forgetsPromiseAcceptor };
