/** Option parsing shared by the commands: --param and fault bounds (`--impl PATH` is cli/implModule.ts). */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import type { FaultConfig } from '../engine/faults.js';
import { maxWorkers } from '../engine/threads.mjs';

export function collectParam(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([A-Za-z][\w-]*)=(-?\d+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected key=integer, e.g. --param rms=3, got '${value}'`);
  return { ...previous, [m[1]]: Number(m[2]) };
}

export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return Number(value);
}

const POSITIVE_INT = /^[1-9]\d*$/;

export function positiveInt(value: string): number {
  if (!POSITIVE_INT.test(value)) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return Number(value);
}

/** `--workers`: a positive integer, or `auto` for one thread per core this process may use (as TLC's `-workers auto`). */
export function workerCount(value: string): number {
  if (value === 'auto') return availableParallelism();
  if (!POSITIVE_INT.test(value)) throw new InvalidArgumentError(`expected a positive integer or 'auto' (one per core), got '${value}'`);
  const most = maxWorkers();
  if (Number(value) > most) {
    const cores = availableParallelism();
    throw new InvalidArgumentError(`expected at most ${most} threads (each costs about 7 MB and its own start-up; this machine has ${cores} core${cores === 1 ? '' : 's'}, 'auto' uses them all), got '${value}'`);
  }
  return Number(value);
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got '${value}'`);
  return n;
}

export interface FaultFlags {
  maxDrops?: number;
  maxDuplicates?: number;
  maxCrashes?: number;
  maxPartitions?: number;
}

export function faultOverrides(o: FaultFlags): Partial<FaultConfig> {
  const out: Partial<FaultConfig> = {};
  for (const k of ['maxDrops', 'maxDuplicates', 'maxCrashes', 'maxPartitions'] as const) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
