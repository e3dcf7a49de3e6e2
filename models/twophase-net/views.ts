/**
 * The vocabulary of `twophase-net` shared by the model's machines, the implementations under
 * test and the properties: message and event shapes, and the views every invariant reads.
 *
 * Models and implementations expose exactly these views, so one set of properties judges both.
 */
export type Decision = 'commit' | 'abort';
export type Vote = 'yes' | 'no';

/** A participant's view. `working` covers "asked to vote but not yet voted". */
export interface RmView {
  state: 'working' | 'prepared' | 'committed' | 'aborted';
  /** The vote this RM cast (its durable record), or null before it votes. */
  vote: Vote | null;
}

/** The coordinator's view. */
export interface TmView {
  /** `aborted` also after a recovery that found no decision record (presumed abort). */
  state: 'idle' | 'preparing' | 'committed' | 'aborted';
  /** The decision record in the TM's log, or null when there is none. */
  decision: Decision | null;
  /** RMs whose yes vote the TM has counted, sorted. */
  yes: string[];
}

/** Messages, as sent (`from` is added by the engine on delivery). */
export type Message =
  | { type: 'Prepare' }
  | { type: 'Vote'; vote: Vote }
  | { type: 'Commit' }
  | { type: 'Abort' }
  | { type: 'DecisionRequest' };

/** Environment events: the client starts the transaction; an RM chooses its vote. */
export const BEGIN = { type: 'begin' } as const;
export const VOTE_YES = { type: 'vote', vote: 'yes' } as const;
export const VOTE_NO = { type: 'vote', vote: 'no' } as const;

/** Timer names. */
export const VOTES_TIMER = 'votes'; // TM: waiting for votes
export const COORDINATOR_TIMER = 'coordinator'; // RM: waiting for Prepare, or for the decision

/** Node ids: one TM `tm`, RMs `rm1`..`rmN`. */
export const TM = 'tm';
export const rmIds = (count: number): string[] => Array.from({ length: count }, (_, i) => `rm${i + 1}`);
