/**
 * `npm run bench`: explorer throughput, one child process per configuration so each peak RSS
 * is that run's alone. Prints one table: model, params, options, distinct, generated, seconds,
 * states/s (generated per second), peak RSS. Never run by `npm test`.
 *
 *   npm run bench                 # the standard table
 *   npm run bench -- --quick      # the small configurations only
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROTOCOLS } from '../cli/registry.js';

interface Row {
  protocol: string;
  args: string[];
}

const quick = process.argv.includes('--quick');
const has = (name: string) => PROTOCOLS.some((p) => p.name === name);
const rows: Row[] = [];
for (let rms = 3; rms <= (quick ? 6 : 8); rms++) rows.push({ protocol: 'twophase', args: [`rms=${rms}`] });
for (let rms = 7; rms <= (quick ? 6 : 8); rms++) rows.push({ protocol: 'twophase', args: [`rms=${rms}`, '--workers', '2'] });
for (let rms = 5; rms <= (quick ? 6 : 8); rms++) rows.push({ protocol: 'twophase', args: [`rms=${rms}`, '--symmetry'] });
// Ten million states: the memory row.
if (!quick) rows.push({ protocol: 'twophase', args: ['rms=9'] });
if (has('paxos-spec')) for (const b of quick ? [1] : [1, 2]) rows.push({ protocol: 'paxos-spec', args: ['acceptors=3', 'values=2', `maxBallot=${b}`, '--network', 'set'] });
// Raft at the bounds of its issue's exhaustive run: 3 servers, terms ≤ 2, one entry, no crash.
if (has('raft') && !quick) rows.push({ protocol: 'raft', args: ['--impl', 'reference', 'nodes=3', 'maxTerm=2', 'maxLogLength=1', 'maxRequests=1', '--max-crashes', '0', '--symmetry'] });

const header = ['model', 'params', 'distinct', 'generated', 'seconds', 'states/s', 'peak RSS'];
const table: string[][] = [header];
const fmt = (n: number) => n.toLocaleString('en-US');
for (const row of rows) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'measure.ts'), row.protocol, ...row.args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let cells: string[];
  try {
    const m = JSON.parse(line);
    cells = [m.protocol + (m.impl !== 'model' ? ` ${m.impl}` : '') + (m.symmetry ? ' (symmetry)' : '') + (m.workers > 1 ? ` (${m.workers} workers)` : ''), m.paramsText, fmt(m.distinct), fmt(m.generated), m.seconds.toFixed(2), fmt(m.statesPerSecond), `${m.peakRssMB} MB`];
    if (m.verdict !== 'ok') cells[0] += ` [${m.verdict}]`;
  } catch {
    cells = [row.protocol, row.args.join(' '), 'failed: ' + (r.stderr.trim().split('\n').pop() ?? ''), '', '', '', ''];
  }
  table.push(cells);
  process.stderr.write(`bench: ${cells.join('  ')}\n`);
}
const widths = header.map((_, c) => Math.max(...table.map((r) => r[c].length)));
const out = table.map((r) => r.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
process.stdout.write(out.join('\n') + '\n');
