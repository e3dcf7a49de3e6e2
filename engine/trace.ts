/**
 * Traces: a counterexample as a versioned JSON document (`distcheck.trace/1`) that replays
 * deterministically and renders as a diagram.
 *
 * A trace holds what is needed to rebuild the model (protocol, implementation, params, fault
 * configuration), how it was found (engine, seed, fast-check path), the action path, and per
 * step the action, the messages it sent, the fingerprint and the node views after it — so a
 * renderer needs nothing but the file, and replay can say exactly where the code diverged.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { z as Zod } from 'zod';
import type { Json } from './canonical.js';
import { UsageError } from './errors.js';
import { fingerprintHex } from './hash.js';
import { ImplementationError, type Model, type SentMessage, type StateSnapshot } from './model.js';
import type { Violation } from './result.js';

export const TRACE_FORMAT = 'distcheck.trace/1';
export const ENGINE_VERSION = '0.1.0';

/**
 * The trace schema, built from zod on first use. Loading zod takes 45–65 ms here, which every
 * command that never reads a trace (explore, check) would otherwise pay at start-up.
 */
function schemas(z: typeof Zod) {
  const json: Zod.ZodType<Json> = z.lazy(() =>
    z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
  );

  const sent = z.object({ from: z.string(), to: z.string(), msg: json });

  const snapshot = z.object({
    nodes: z.record(z.string(), z.object({ role: z.string(), crashed: z.boolean(), view: json })),
    network: z.array(sent),
    partition: z.array(z.array(z.string())).nullable(),
    state: json.optional(),
    ghost: json.optional(),
  });

  const step = z.object({
    index: z.number().int().nonnegative(),
    /** Index of the action among the enabled actions of the previous state. */
    choice: z.number().int().nonnegative(),
    action: json,
    sent: z.array(sent),
    /** Fingerprint after the step (16 hex digits); null when the step threw. */
    fingerprint: z.string().regex(/^[0-9a-f]{16}$/).nullable(),
    state: snapshot.nullable(),
    /** The exception the implementation threw, when it did. */
    error: z.string().optional(),
  });

  const trace = z.object({
    format: z.literal(TRACE_FORMAT),
    engineVersion: z.string(),
    protocol: z.string().min(1),
    impl: z.string().min(1),
    params: z.record(z.string(), z.number()),
    faults: z.record(z.string(), json),
    found: z.object({
      engine: z.enum(['explore', 'check', 'replay']),
      seed: z.number().int().optional(),
      fcPath: z.string().optional(),
      /** Length of the run before shrinking (check). */
      originalLength: z.number().int().optional(),
    }),
    nodes: z.array(z.object({ id: z.string(), role: z.string() })),
    initialIndex: z.number().int().nonnegative(),
    initial: z.object({ fingerprint: z.string().regex(/^[0-9a-f]{16}$/), state: snapshot }),
    steps: z.array(step),
    /** null for a trace recorded as passing (e.g. a witness); else the violation it ends in. */
    violation: z.object({ property: z.string(), message: z.string(), step: z.number().int().nonnegative() }).nullable(),
  });
  return { trace, step };
}
type Schemas = ReturnType<typeof schemas>;
let built: Schemas | null = null;
const traceSchema = (): Schemas['trace'] => (built ??= schemas(createRequire(import.meta.url)('zod').z as typeof Zod)).trace;

export type Trace = Zod.infer<Schemas['trace']>;
export type TraceStep = Zod.infer<Schemas['step']>;
export type TraceMeta = Trace['found'];

/**
 * Execute `path` from initial state `initial` and record every step. The violation, when given,
 * is attached to the last step (an implementation exception stops the path at its step).
 */
export function buildTrace<S, A, W>(model: Model<S, A, W>, violation: Pick<Violation, 'path' | 'initial' | 'property' | 'message'> | null, meta: TraceMeta, pathIfOk: number[] = []): Trace {
  const path = violation ? violation.path : pathIfOk;
  const initialIndex = violation ? violation.initial : 0;
  const fp = new Uint32Array(2);
  let s = model.initialStates()[initialIndex];
  traceFingerprint(model, s, fp);
  const initial = { fingerprint: fingerprintHex(fp[0], fp[1]), state: model.describeState(s) };
  const steps: TraceStep[] = [];
  for (let i = 0; i < path.length; i++) {
    const actions = model.actions(s);
    const a = actions[path[i]];
    if (a === undefined) throw new Error(`internal: path step ${i} chooses action ${path[i]} of ${actions.length}`);
    const action = model.describeAction(s, a);
    let t: S;
    try {
      t = model.next(s, a);
    } catch (e) {
      if (!(e instanceof ImplementationError)) throw e;
      steps.push({ index: i + 1, choice: path[i], action, sent: [], fingerprint: null, state: null, error: e.message });
      break;
    }
    traceFingerprint(model, t, fp);
    const sentMsgs: SentMessage[] = model.sentBy ? model.sentBy(s, a, t) : [];
    steps.push({ index: i + 1, choice: path[i], action, sent: sentMsgs, fingerprint: fingerprintHex(fp[0], fp[1]), state: model.describeState(t) });
    s = t;
  }
  const { info } = model;
  return {
    format: TRACE_FORMAT,
    engineVersion: ENGINE_VERSION,
    protocol: info.protocol,
    impl: info.impl,
    params: info.params,
    faults: info.faults,
    found: meta,
    nodes: info.nodes,
    initialIndex,
    initial,
    steps,
    violation: violation ? { property: violation.property, message: violation.message, step: steps.length } : null,
  };
}

export function writeTrace(trace: Trace, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(trace, null, 1) + '\n');
}

/** Parse and validate a trace; any problem is a UsageError naming the field and what was expected. */
export function parseTrace(text: string, source = 'trace'): Trace {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${source}: not valid JSON (${(e as Error).message}); a distcheck trace is a JSON document with "format": "${TRACE_FORMAT}"`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`${source}: expected a JSON object with "format": "${TRACE_FORMAT}", got ${Array.isArray(data) ? 'an array' : typeof data}`);
  }
  const format = (data as Record<string, unknown>).format;
  if (format !== TRACE_FORMAT) {
    const newer = typeof format === 'string' && /^distcheck\.trace\/(\d+)$/.exec(format);
    if (newer && Number(newer[1]) > 1) {
      throw new UsageError(`${source}: field "format" is "${format}", a newer trace version than this distcheck (${ENGINE_VERSION}) reads; expected "${TRACE_FORMAT}"`);
    }
    throw new UsageError(`${source}: field "format" is ${JSON.stringify(format)}; expected "${TRACE_FORMAT}" (is this a distcheck trace?)`);
  }
  const r = traceSchema().safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : '(root)';
    throw new UsageError(`${source}: field "${where}": ${issue.message} (${r.error.issues.length} problem${r.error.issues.length > 1 ? 's' : ''} in all)`);
  }
  const t = r.data;
  t.steps.forEach((s, i) => {
    if (s.index !== i + 1) throw new UsageError(`${source}: field "steps.${i}.index" is ${s.index}; expected ${i + 1} (steps are numbered from 1 in order)`);
  });
  if (t.violation && t.violation.step !== t.steps.length) {
    throw new UsageError(`${source}: field "violation.step" is ${t.violation.step}; expected ${t.steps.length}, the last step`);
  }
  return t;
}

export function readTrace(file: string): Trace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read trace file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseTrace(text, file);
}

export type { StateSnapshot };

/** The fingerprint a trace records for state s (Model.traceFingerprint, else Model.fingerprint). */
export function traceFingerprint<S>(model: Model<S, any, any>, s: S, out: Uint32Array): void {
  if (model.traceFingerprint) model.traceFingerprint(s, out);
  else model.fingerprint(s, out);
}
