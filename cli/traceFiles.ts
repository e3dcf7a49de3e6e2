/** Where traces go when the user did not say: distcheck-out/<protocol>/<impl>.<engine>.json. */
import { basename } from 'node:path';
import { buildTrace, writeTrace, type TraceMeta } from '../engine/trace.js';
import type { Model } from '../engine/model.js';
import type { Violation } from '../engine/result.js';

export function defaultTracePath(protocol: string, impl: string, engine: string): string {
  const safe = basename(impl).replace(/\.[mc]?[jt]s$/, '').replace(/[^\w.-]+/g, '_');
  return `distcheck-out/${protocol}/${safe}.${engine}.json`;
}

export function saveTrace(model: Model<any, any, any>, violation: Violation, meta: TraceMeta, file: string): number {
  const trace = buildTrace(model, violation, meta);
  writeTrace(trace, file);
  return trace.steps.length;
}
