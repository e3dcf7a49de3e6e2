/** The reference implementation of `twophase-net`: presumed-abort 2PC, both roles. */
import type { Implementation } from '../../engine/implementation.js';
import { coordinator } from './coordinator.js';
import { participant } from './participant.js';

export const reference: Implementation = { tm: coordinator(), rm: participant() };
