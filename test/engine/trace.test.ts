import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { replayOn } from '../../engine/replay.js';
import { buildTrace, parseTrace, readTrace, writeTrace, TRACE_FORMAT } from '../../engine/trace.js';
import { UsageError } from '../../engine/errors.js';
import { buggyTwophase } from './fixtures.js';

function violatingTrace() {
  const model = buildModel(buggyTwophase, {});
  const r = explore(model);
  if (r.verdict !== 'violated') throw new Error('fixture should violate');
  return { model, trace: buildTrace(model, r.violation, { engine: 'explore' }) };
}

describe('traces', () => {
  it('round-trip through a file and replay to the same violation', () => {
    const { model, trace } = violatingTrace();
    const file = join(mkdtempSync(join(tmpdir(), 'dc-')), 't.json');
    writeTrace(trace, file);
    const back = readTrace(file);
    expect(back).toEqual(trace);
    const r = replayOn(model, back);
    expect(r).toMatchObject({ verdict: 'violated', reproduced: true, property: 'TCConsistent', message: trace.violation!.message });
  });

  it('record per step the action, messages sent, fingerprint and node views', () => {
    const { trace } = violatingTrace();
    expect(trace.format).toBe(TRACE_FORMAT);
    expect(trace.steps).toHaveLength(5);
    const commit = trace.steps.find((s) => (s.action as { type: string; node?: string }).node === 'tm')!;
    expect(commit.sent.map((m) => m.to)).toEqual(['rm1', 'rm2', 'rm3']);
    expect(commit.state!.nodes.tm.view).toMatchObject({ state: 'committed' });
    expect(trace.steps.every((s) => /^[0-9a-f]{16}$/.test(s.fingerprint!))).toBe(true);
  });

  it('replay reports the first step whose action is no longer enabled', () => {
    const { model, trace } = violatingTrace();
    const edited = structuredClone(trace);
    edited.steps[2].action = { type: 'env', node: 'rm9', event: { type: 'prepare' } };
    const r = replayOn(model, edited);
    expect(r.verdict).toBe('diverged');
    if (r.verdict === 'diverged') expect(r.divergence).toMatchObject({ step: 3, kind: 'action-not-enabled' });
  });

  it('replay reports the first step whose fingerprint differs', () => {
    const { model, trace } = violatingTrace();
    const edited = structuredClone(trace);
    edited.steps[1].fingerprint = '0123456789abcdef';
    const r = replayOn(model, edited);
    expect(r.verdict).toBe('diverged');
    if (r.verdict === 'diverged') expect(r.divergence).toMatchObject({ step: 2, kind: 'fingerprint', expected: { fingerprint: '0123456789abcdef' } });
  });

  const bad: [string, (t: Record<string, unknown>) => unknown, RegExp][] = [
    ['not JSON', () => '{"format": "distcheck.trace/1", "steps": [', /not valid JSON/],
    ['a foreign file', () => ({ name: 'package', version: '1' }), /field "format" is undefined; expected "distcheck\.trace\/1"/],
    ['a newer version', (t) => ({ ...t, format: 'distcheck.trace/2' }), /newer trace version/],
    ['a missing field', (t) => ({ ...t, protocol: undefined }), /field "protocol"/],
    ['a truncated step list', (t) => ({ ...t, steps: (t.steps as unknown[]).slice(0, 2) }), /violation\.step/],
    ['a bad fingerprint', (t) => ({ ...t, initial: { ...(t.initial as object), fingerprint: 'xyz' } }), /field "initial\.fingerprint"/],
  ];
  it.each(bad)('reject %s with an error naming the field', (_name, edit, message) => {
    const { trace } = violatingTrace();
    const data = edit(structuredClone(trace) as unknown as Record<string, unknown>);
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    expect(() => parseTrace(text, 'x.json')).toThrow(UsageError);
    expect(() => parseTrace(text, 'x.json')).toThrow(message);
  });

  it('reject an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-'));
    expect(() => readTrace(join(dir, 'missing.json'))).toThrow(/cannot read trace file .*ENOENT/);
    writeFileSync(join(dir, 'empty.json'), '');
    expect(() => readTrace(join(dir, 'empty.json'))).toThrow(/not valid JSON/);
  });
});
