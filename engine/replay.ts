/**
 * Replay: re-execute a trace against the current code. Every recorded action must be enabled
 * (matched by its description, not its index, so a reordering refactor still replays) and every
 * recorded fingerprint must match; the first step where either fails is reported exactly,
 * with what the trace expected and what the code did. A trace that replays to the end reproduces
 * its violation (same property, same message) or reports that it no longer does.
 */
import { canonical, type Json } from './canonical.js';
import { buildModel } from './configure.js';
import { fingerprintHex } from './hash.js';
import { ImplementationError, NO_EXCEPTION, type Model } from './model.js';
import type { Protocol } from './protocol.js';
import { firstViolation } from './properties.js';
import type { FaultConfig } from './faults.js';
import { traceFingerprint, type Trace } from './trace.js';

export interface Divergence {
  /** Step number (1-based; 0 is the initial state). */
  step: number;
  kind: 'action-not-enabled' | 'fingerprint' | 'early-violation' | 'exception-differs' | 'initial';
  expected: Json;
  actual: Json;
  detail: string;
}

export type ReplayResult =
  | { verdict: 'violated'; reproduced: true; property: string; message: string; steps: number }
  | { verdict: 'ok'; reproduced: boolean; steps: number; note: string }
  | { verdict: 'diverged'; divergence: Divergence };

export function modelForTrace(trace: Trace, protocol: Protocol, external?: Record<string, unknown>): Model<any, any, any> {
  return buildModel(protocol, {
    impl: trace.impl,
    external,
    params: trace.params,
    network: String(trace.faults.network ?? 'set'),
    faults: trace.faults as unknown as Partial<FaultConfig>,
  });
}

export function replayTrace(trace: Trace, protocol: Protocol, external?: Record<string, unknown>): ReplayResult {
  return replayOn(modelForTrace(trace, protocol, external), trace);
}

export function replayOn<S, A, W>(model: Model<S, A, W>, trace: Trace): ReplayResult {
  const fp = new Uint32Array(2);
  const hex = (s: S) => (traceFingerprint(model, s, fp), fingerprintHex(fp[0], fp[1]));
  let s = model.initialStates()[trace.initialIndex];
  if (s === undefined || hex(s) !== trace.initial.fingerprint) {
    return diverged(0, 'initial', trace.initial.fingerprint, s === undefined ? null : hex(s), 'the initial state differs (changed params or model?)');
  }
  for (const step of trace.steps) {
    const actions = model.actions(s);
    const wanted = canonical(step.action);
    const descriptions = actions.map((a) => canonical(model.describeAction(s, a)));
    const i = descriptions.indexOf(wanted);
    if (i < 0) {
      return diverged(step.index, 'action-not-enabled', step.action, descriptions.map((d) => JSON.parse(d) as Json),
        `recorded action ${wanted} is not enabled; ${actions.length} enabled actions`);
    }
    try {
      s = model.next(s, actions[i]);
    } catch (e) {
      if (!(e instanceof ImplementationError)) throw e;
      if (step.error === e.message && trace.violation?.property === NO_EXCEPTION) {
        return { verdict: 'violated', reproduced: true, property: NO_EXCEPTION, message: e.message, steps: step.index };
      }
      return diverged(step.index, 'exception-differs', step.error ?? null, e.message, 'the implementation threw where the trace did not (or threw differently)');
    }
    if (step.error !== undefined) {
      return diverged(step.index, 'exception-differs', step.error, null, 'the trace recorded an exception here; the implementation no longer throws');
    }
    const actual = hex(s);
    if (actual !== step.fingerprint) {
      return diverged(step.index, 'fingerprint', { fingerprint: step.fingerprint, state: step.state as unknown as Json },
        { fingerprint: actual, state: model.describeState(s) as unknown as Json }, `state after ${wanted} differs from the recorded one`);
    }
    const v = firstViolation(model.properties, model.view(s));
    if (v && step.index < trace.steps.length) {
      return diverged(step.index, 'early-violation', null, v as unknown as Json, `${v.property} is violated at step ${step.index}, before the recorded end`);
    }
    if (step.index === trace.steps.length && v) {
      if (trace.violation && v.property === trace.violation.property && v.message === trace.violation.message) {
        return { verdict: 'violated', reproduced: true, property: v.property, message: v.message, steps: step.index };
      }
      return { verdict: 'ok', reproduced: false, steps: step.index, note: `ends in a different violation: ${v.property}: ${v.message}` };
    }
  }
  if (trace.steps.length === 0 && trace.violation) {
    const v = firstViolation(model.properties, model.view(s));
    if (v && v.property === trace.violation.property && v.message === trace.violation.message) {
      return { verdict: 'violated', reproduced: true, property: v.property, message: v.message, steps: 0 };
    }
  }
  return trace.violation
    ? { verdict: 'ok', reproduced: false, steps: trace.steps.length, note: `every step replayed but ${trace.violation.property} now holds at the end` }
    : { verdict: 'ok', reproduced: true, steps: trace.steps.length, note: 'every step replayed; no violation, as recorded' };
}

function diverged(step: number, kind: Divergence['kind'], expected: Json, actual: Json, detail: string): ReplayResult {
  return { verdict: 'diverged', divergence: { step, kind, expected, actual, detail } };
}
