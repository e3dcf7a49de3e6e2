/** `distcheck ring-report --out FILE.html`: measure every placement scheme and write the report. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildRingReport } from '../viewer/ringReport.js';

export async function ringReport(outFile: string): Promise<{ summary: string }> {
  const { html, summary } = buildRingReport();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, html);
  return { summary: `${summary}\nwritten to ${outFile}` };
}
