/**
 * `--impl PATH`: loading a module of role implementations. Apart from the option parsers
 * (cli/options.ts) because the explorer's worker threads bundle this through cli/registry.ts,
 * and those import commander, which costs a thread about 25 ms to load.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../engine/errors.js';

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
