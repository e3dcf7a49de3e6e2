/** Option parsing shared by the commands: --param, --impl NAME|PATH, fault bounds. */
import { InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../engine/errors.js';
import type { FaultConfig } from '../engine/faults.js';

export function collectParam(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([A-Za-z][\w-]*)=(-?\d+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected key=integer, e.g. --param rms=3, got '${value}'`);
  return { ...previous, [m[1]]: Number(m[2]) };
}

export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return Number(value);
}

export function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
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

/** `--impl` names a registered implementation, or is a path to a .ts/.js module. */
export function isImplPath(impl: string): boolean {
  return /[\\/]/.test(impl) || /\.(m?[jt]s)$/.test(impl);
}

export async function loadImplModule(impl: string): Promise<Record<string, unknown>> {
  const file = resolve(impl);
  if (!existsSync(file)) throw new UsageError(`--impl ${impl}: no such file (a path to a .ts or .js module exporting role implementations)`);
  try {
    // tsImport loads TypeScript wherever it lives, whatever package.json (if any) is above it.
    // Imported here, not at the top: explorer worker threads bundle this file and should not
    // pay tsx's start-up (~60 ms a thread) when no --impl path is given.
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--impl ${impl}: the module failed to load: ${(e as Error).message}`);
  }
}
