/**
 * `distcheck show TRACE --format text|mermaid|shiviz|html [--out FILE]`: render a trace file.
 * Returns what to print; with `--out` (and for html, which defaults to distcheck-out/NAME.html) it writes the file and returns a one-line note instead. A file that is not a valid
 * trace is a UsageError naming the field and what was expected (exit 2).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../engine/errors.js';
import { readTrace } from '../engine/trace.js';
import { renderHtml, renderMermaid, renderShiviz, renderText } from '../viewer/index.js';

export const SHOW_FORMATS = ['text', 'mermaid', 'shiviz', 'html'] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

export function show(file: string, format: ShowFormat, out?: string): string {
  if (!(SHOW_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format '${format}'; valid: ${SHOW_FORMATS.join(', ')}`);
  }
  const trace = readTrace(file);
  const rendered = format === 'text' ? renderText(trace)
    : format === 'mermaid' ? renderMermaid(trace)
      : format === 'shiviz' ? renderShiviz(trace)
        : renderHtml(trace);
  // html defaults to distcheck-out/, never beside the trace (which may be in the repository).
  const target = out ?? (format === 'html' ? join('distcheck-out', basename(file).replace(/\.json$/i, '') + '.html') : undefined);
  if (target === undefined) return rendered;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, format === 'html' ? rendered : rendered.endsWith('\n') ? rendered : rendered + '\n');
  const what = `${trace.steps.length} steps, ${trace.nodes.length} nodes${trace.violation ? `, ${trace.violation.property} at step ${trace.violation.step}` : ''}`;
  return `wrote ${target} (${format}; ${what})${format === 'html' ? ': open it in a browser' : ''}`;
}
