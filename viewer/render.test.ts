/**
 * Every trace under traces/ (globbed now, so other protocols' golden traces are included as
 * they land) and every viewer fixture renders in all four formats, and each output passes an
 * independent check of its format.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../engine/trace.js';
import { show } from '../cli/show.js';
import { renderMermaid, renderShiviz, renderText } from './index.js';
import { checkAllFormats } from './fixtures/checkFormats.js';
import { HANDMADE } from './fixtures/handmade.js';
import { toyLong } from './fixtures/scenarios.js';

const root = join(import.meta.dirname, '..');

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
}

const files = [...jsonFiles(join(root, 'traces')), ...jsonFiles(join(root, 'viewer/fixtures'))];

describe('every trace renders in every format', () => {
  it('finds the viewer fixtures (and traces/ when present)', () => {
    expect(files.filter((f) => f.includes('viewer/fixtures')).length).toBeGreaterThanOrEqual(4);
  });

  for (const file of files) {
    it(file.slice(root.length + 1), () => {
      const trace = readTrace(file);
      checkAllFormats(trace);
      expect(show(file, 'text')).toBe(renderText(trace));
      expect(show(file, 'mermaid')).toBe(renderMermaid(trace));
      expect(show(file, 'shiviz')).toBe(renderShiviz(trace));
    });
  }

  for (const [name, make] of Object.entries(HANDMADE)) {
    it(`hand-made: ${name}`, () => checkAllFormats(make()));
  }

  it('a 1,000-step trace with every fault renders in every format', () => {
    const trace = toyLong(1000);
    expect(trace.steps.length).toBe(1000);
    const kinds = new Set(trace.steps.map((s) => (s.action as { type: string }).type));
    for (const k of ['deliver', 'drop', 'duplicate', 'crash', 'restart', 'partition', 'heal']) expect(kinds).toContain(k);
    checkAllFormats(trace);
  });
});
