/** Human-readable reports of results, kept apart from the engines (design.md §4). */
import type { Outcome } from '../engine/result.js';
import type { HandoffReport } from '../engine/parallel.js';

/**
 * A count with thousands separators, as `n.toLocaleString('en-US')` writes it (at most three
 * decimals), without Intl: its first use loads locale data, 11 ms of every command's start.
 */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const m = Math.abs(n);
  const [whole, decimals] = String(Number.isInteger(m) ? m : Math.round(m * 1000) / 1000).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return (n < 0 && (whole !== '0' || decimals) ? '-' : '') + grouped + (decimals ? `.${decimals}` : '');
}
export const secs = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) + ' s';

/** What a `--workers N` search reports of its handoff (in --json as `handoff`, ms rounded). */
export type HandoffShown = Pick<HandoffReport, 'depth' | 'distinct' | 'ms'>;

/**
 * Whether the worker threads of a `--workers N` search took part: this thread explores alone
 * until enough states wait (and the workers are ready), and a search that ends first never
 * hands over.
 */
export function threadsText(workers: number, handoff: HandoffShown | null, rerun: RerunShown | null = null): string {
  const them = workers === 2 ? 'worker' : 'workers';
  if (handoff === null) return `threads: 1; the search ended before the ${them} ${workers === 2 ? 'was' : 'were'} needed`;
  const text = `threads: 1 to depth ${handoff.depth} (${fmt(handoff.distinct)} state${handoff.distinct === 1 ? '' : 's'}, ${secs(handoff.ms)}), then ${workers}`;
  if (rerun === null) return text;
  const how = !rerun.depthFirst ? '1 again from the start' : rerun.judgedByWorker ? '1 depth-first over their levels, a worker judging the last,' : '1 depth-first over their levels';
  return `${text} to a violation (${secs(rerun.foundMs)}), then ${how} for the shortest counterexample one thread finds (${secs(rerun.rerunMs)})`;
}

/**
 * A `--workers N` search whose threads found a violation: when (foundMs, from the search's
 * start), how long this thread then took to search again alone for one thread's counterexample
 * (rerunMs), whether it searched depth-first over the threads' levels (engine/secondSearch.ts)
 * or breadth-first from the start, the states it expanded (depth-first only, else null), and
 * whether a worker thread judged the last level meanwhile (WorkerJudge). In --json as `rerun`.
 */
export interface RerunShown {
  foundMs: number;
  rerunMs: number;
  depthFirst: boolean;
  expanded: number | null;
  judgedByWorker: boolean;
}

export function verdictWord(o: Outcome): string {
  return o.verdict === 'ok' ? 'OK' : o.verdict === 'violated' ? 'VIOLATED' : 'UNKNOWN';
}

/** `k=v` pairs, e.g. `rms=3 maxCrashes=0` (params, or bounds such as a variant's explore faults; lists joined by commas). */
export function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ') || '(none)';
}

export function faultsText(f: Record<string, unknown>): string {
  const bounds = ['maxDrops', 'maxDuplicates', 'maxCrashes', 'maxPartitions']
    .filter((k) => Number(f[k] ?? 0) > 0)
    .map((k) => `${k}=${f[k]}`);
  // Spec models without messages (ring-placement) have no network.
  const network = f.network === undefined ? '' : `network ${f.network}, `;
  return `${network}${bounds.length ? bounds.join(' ') : 'no faults'}${f.crashableRoles ? ` (crashable: ${(f.crashableRoles as string[]).join(',')})` : ''}`;
}

/** A fixed-width table; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (cell ?? '').padEnd(widths[c])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Progress to stderr: rewritten in place on a terminal, one line every few seconds otherwise. */
export function progressPrinter(label: string, quiet: boolean): { print(text: string): void; note(text: string): void; done(): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  let shown = false;
  return {
    /** A line of its own, kept on screen (progress goes on below it). */
    note(text) {
      if (quiet) return;
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
      process.stderr.write(`${label}: ${text}\n`);
    },
    print(text) {
      if (quiet) return;
      if (tty) {
        process.stderr.write(`\r\x1b[2K${label}: ${text}`);
        shown = true;
        return;
      }
      const now = performance.now();
      if (now - last < 5000) return;
      last = now;
      process.stderr.write(`${label}: ${text}\n`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

/** A violation for humans: messages usually start with the property's name already. */
export function violationText(property: string, message: string): string {
  return message.startsWith(property) ? message : `${property}: ${message}`;
}
