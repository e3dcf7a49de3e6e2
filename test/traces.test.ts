/**
 * The golden corpus: every trace under traces/ replays against the current code to its
 * recorded verdict, and every registered bug or seed variant has a golden trace.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../engine/replay.js';
import { readTrace } from '../engine/trace.js';
import { PROTOCOLS, findProtocol } from '../cli/registry.js';

const ROOT = join(import.meta.dirname, '..', 'traces');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : name.endsWith('.json') ? [p] : [];
  });
}

const corpus = files(ROOT).map((f) => relative(ROOT, f)).sort();

describe('golden traces', () => {
  it('the corpus is not empty', () => {
    expect(corpus.length).toBeGreaterThan(0);
  });

  it.each(corpus)('%s replays to its recorded verdict', (file) => {
    const trace = readTrace(join(ROOT, file));
    const r = replayTrace(trace, findProtocol(trace.protocol));
    if (trace.violation) {
      expect(r).toMatchObject({ verdict: 'violated', reproduced: true, property: trace.violation.property, message: trace.violation.message });
    } else {
      expect(r).toMatchObject({ verdict: 'ok', reproduced: true });
    }
  });

  const variants = PROTOCOLS.flatMap((p) => p.impls.filter((i) => i.expect === 'violated').map((i) => `${p.name}/${i.name}.json`));
  it.each(variants)('%s exists for a variant expected to be caught', (file) => {
    expect(corpus).toContain(file);
  });
});
