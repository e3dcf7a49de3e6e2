/**
 * The placement properties as engine properties over the ring-placement model's world
 * (models/ring/placementModel.ts), each `always` with `sometimes` siblings so that a run that
 * never joins, never leaves or never moves a key is reported vacuous.
 */
import { always, sometimes, type Property } from '../../engine/properties.js';
import type { PlacementWorld } from '../../models/ring/placementModel.js';
import {
  balanceModel, balanceViolation, lookupViolation, monotonicityViolation, movedFraction, movementViolation,
} from './placementChecks.js';

export const lookupCorrectness = always<PlacementWorld>('Lookup Correctness', (w) =>
  lookupViolation(w.scheme.claims, w.opts, w.now.placement, w.keys, w.now.stored));

export const balance = always<PlacementWorld>('Balance', (w) =>
  balanceViolation(balanceModel(w.scheme, w.opts), w.members, w.now.owners));

export const monotonicity = always<PlacementWorld>('Monotonicity', (w) =>
  !w.scheme.claims.monotone || !w.step ? null : monotonicityViolation(w.step.op, w.keys, w.step.before, w.step.after));

export const minimalMovement = always<PlacementWorld>('Minimal Movement', (w) =>
  !w.scheme.claims.minimalMovement || !w.step
    ? null
    : movementViolation(w.scheme.vnodes(w.opts), w.step.op, w.step.prevMembers.length, w.step.before, w.step.after));

export const someJoin = sometimes<PlacementWorld>('A node joins', (w) => w.step?.op.type === 'join');
export const someLeave = sometimes<PlacementWorld>('A node leaves', (w) => w.step?.op.type === 'leave');
export const someMove = sometimes<PlacementWorld>('A key moves', (w) => !!w.step && movedFraction(w.step.before, w.step.after) > 0);

export const placementProperties: Property<PlacementWorld>[] = [
  lookupCorrectness, balance, minimalMovement, monotonicity, someJoin, someLeave, someMove,
];
