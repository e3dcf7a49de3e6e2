/**
 * `npm run bench`: explorer throughput, one child process per configuration so each peak RSS
 * is that run's alone: the distcheck command itself (`distcheck explore ... --json`), whose
 * reported search time is the seconds column. Prints one table: model, params, options,
 * distinct, generated, seconds, states/s (generated per second), peak RSS. Never run by
 * `npm test`.
 *
 *   npm run bench                 # the standard table
 *   npm run bench -- --quick      # the small configurations only
 *   npm run bench -- --repeat 3   # each configuration 3 times, in 3 passes over the table:
 *                                 # the median time, with min–max (machines shared with other
 *                                 # tenants vary by tens of percent from minute to minute)
 *   npm run bench -- --only rms=8 # the rows whose command line contains each --only text
 *                                 # (e.g. twophase rms=8 with and without --workers 2)
 *
 * Next to each --workers 2 row, a "2 at once" row runs two independent one-thread searches at
 * the same time, in two processes: what the machine gives two threads that share nothing, at
 * that moment, against which the 2-worker speedup can be read. Each 2-worker search is also split
 * at its handoff against the one-thread search of the same pass (bench/handoff.ts): when it
 * handed over, how far one thread had got by then, and how fast the part after ran. The rows of
 * a size with either kind of row run one after the other, with each core's speed probed just
 * before and after (bench/cores.ts); the speedups are also given over the passes whose cores
 * were equal around those runs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundle } from '../engine/bundle.mjs';
import { PROTOCOLS } from '../cli/registry.js';
import { fmt } from '../cli/report.js';
import { coreSpeeds, coreSpeedsLine, coresAroundLine, coresEqual, type ProbedPass } from './cores.js';
import { handoffLine, type HandoffAt } from './handoff.js';
import { median, range } from './stats.js';

interface Row {
  protocol: string;
  args: string[];
  /** Independent runs at the same time (default 1); the row's time is the slowest one's. */
  atOnce?: number;
  /** Also record one thread's trajectory of the search (bench/measure.ts --trajectory) in each pass, for the handoff line. */
  trajectory?: boolean;
}

const quick = process.argv.includes('--quick');
const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(process.argv[repeatAt + 1]) : 1;
if (!Number.isInteger(repeat) || repeat < 1) {
  process.stderr.write(`bench: --repeat takes a positive whole number, got '${process.argv[repeatAt + 1] ?? ''}'\n`);
  process.exit(2);
}
const only: string[] = [];
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--only') {
    const text = process.argv[++i];
    if (!text) {
      process.stderr.write(`bench: --only takes the text a row's command line must contain, e.g. --only rms=8\n`);
      process.exit(2);
    }
    only.push(text);
  } else if (a === '--repeat') i++;
  else if (a !== '--quick') {
    process.stderr.write(`bench: unknown argument '${a}'; valid: --quick, --repeat N, --only TEXT\n`);
    process.exit(2);
  }
}
const has = (name: string) => PROTOCOLS.some((p) => p.name === name);
const rows: Row[] = [];
for (let rms = 3; rms <= (quick ? 6 : 8); rms++) rows.push({ protocol: 'twophase', args: [`rms=${rms}`] });
// Two workers from 6 RMs, a search of a fraction of a second (what --workers costs a small one),
// and beside the larger ones what the machine gives two threads sharing nothing.
if (!quick) {
  for (let rms = 6; rms <= 8; rms++) {
    rows.push({ protocol: 'twophase', args: [`rms=${rms}`, '--workers', '2'] });
    if (rms >= 7) rows.push({ protocol: 'twophase', args: [`rms=${rms}`], atOnce: 2 });
  }
}
for (let rms = 5; rms <= (quick ? 6 : 8); rms++) rows.push({ protocol: 'twophase', args: [`rms=${rms}`, '--symmetry'] });
// Ten million states: the memory row, and how two workers do on a search of half a minute
// (their fixed costs, starting a thread and V8 optimizing the hot code again in it, weigh
// less than on the few seconds of 8 RMs).
if (!quick) rows.push({ protocol: 'twophase', args: ['rms=9'] }, { protocol: 'twophase', args: ['rms=9', '--workers', '2'] });
if (has('paxos-spec')) {
  for (const b of quick ? [1] : [1, 2]) rows.push({ protocol: 'paxos-spec', args: ['acceptors=3', 'values=2', `maxBallot=${b}`, '--network', 'set'] });
  // Two workers on a spec model's packed states, and TLC's SYMMETRY Permutations(Acceptor): one
  // state per orbit of the acceptors.
  if (!quick) {
    rows.push({ protocol: 'paxos-spec', args: ['acceptors=3', 'values=2', 'maxBallot=2', '--network', 'set', '--workers', '2'] });
    rows.push({ protocol: 'paxos-spec', args: ['acceptors=3', 'values=2', 'maxBallot=2', '--network', 'set', '--symmetry'] });
  }
}
// ring-placement, whose states take milliseconds each (a placement of 2,000 keys for each):
// where threads pay most, one thread and two workers one after the other.
if (has('ring-placement') && !quick) {
  for (const workers of [[], ['--workers', '2']]) rows.push({ protocol: 'ring-placement', args: ['nodes=7', 'keys=2000', ...workers] });
}
// Raft at the bounds of its issue's exhaustive run: 3 servers, terms ≤ 2, one entry, no crash.
if (has('raft') && !quick) rows.push({ protocol: 'raft', args: ['--impl', 'reference', 'nodes=3', 'maxTerm=2', 'maxLogLength=1', 'maxRequests=1', '--max-crashes', '0', '--symmetry'] });
// A search that ends in a violation, at depth 10 after 1.4 million states, one thread and two
// workers: what the threads' second search for one thread's counterexample costs
// (engine/secondSearch.ts).
if (has('twophase-net') && !quick) {
  for (const workers of [[], ['--workers', '2']]) rows.push({ protocol: 'twophase-net', args: ['--impl', 'majority-commit', 'rms=4', ...workers] });
}

// Beside each one-thread row with a 2-worker row of the same size, a run of bench/measure.ts
// records one thread's trajectory, against which the 2-worker search is split at its handoff
// (bench/handoff.ts): about one call per 2 ms of the search, between two states. It runs after
// the size's rows, so the one-thread and 2-worker runs stay next to each other.
const parallelSizes = new Set(rows.filter((row) => row.protocol === 'twophase' && row.args.includes('--workers')).map((row) => row.args[0]));
for (const row of rows) if (row.protocol === 'twophase' && row.args.length === 1 && !row.atOnce && parallelSizes.has(row.args[0])) row.trajectory = true;

const commandOf = (row: Row) => [row.protocol, ...row.args].join(' ') + (row.atOnce ? ` (${row.atOnce} at once)` : '');
if (only.length) {
  const all = rows.splice(0);
  rows.push(...all.filter((row) => only.every((text) => ` ${commandOf(row)} `.includes(text))));
  if (!rows.length) {
    process.stderr.write(`bench: no row's command line contains ${only.map((t) => `'${t}'`).join(' and ')}; the rows:\n${all.map((r) => `  ${commandOf(r)}`).join('\n')}\n`);
    process.exit(2);
  }
}

interface Measured {
  protocol: string;
  impl: string;
  symmetry: boolean;
  workers: number;
  paramsText: string;
  verdict: string;
  distinct: number;
  generated: number;
  seconds: number;
  /** From the process's start (seconds: from the model's build). */
  processSeconds: number;
  peakRssMB: number;
  /** --workers: when this thread handed over (null: never). */
  handoff?: HandoffAt | null;
  /** --workers, a violation found by the threads: the second search's seconds and the states it expanded (null: depth-first not used). */
  second?: { seconds: number; expanded: number | null; judgedByWorker: boolean } | null;
}

// Each row runs the distcheck command itself (`distcheck explore ... --json`), as users run it:
// its search time, peak RSS and handoff, and the process's time from its start to its end. With
// --workers the command starts its worker threads with the process (engine/threads.mjs).
const bin = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url));
// The trajectories (one thread) come from bench/measure.ts, bundled as the command is (not
// through tsx's loader: engine/bundle.mjs says why).
const measureScript = fileURLToPath(await bundle({ name: 'measure', contents: `import ${JSON.stringify(fileURLToPath(new URL('./measure.ts', import.meta.url)))};` }));

/** The row's run, or its runs at once: the slowest one's figures. */
async function measure(row: Row): Promise<Measured | string> {
  const all = await Promise.all(Array.from({ length: row.atOnce ?? 1 }, () => measureOnce(row)));
  const failed = all.find((m) => typeof m === 'string');
  if (failed !== undefined) return failed;
  return (all as Measured[]).reduce((a, b) => (b.seconds > a.seconds ? b : a));
}

/** What `distcheck explore --json` reports, as far as the table reads it. */
interface Reported {
  protocol: string;
  impl: string;
  symmetry: boolean;
  workers: number;
  params: Record<string, unknown>;
  faults: { network: string };
  verdict: string;
  distinctStates: number;
  generatedStates: number;
  durationMs: number;
  peakRssMB: number;
  handoff?: (HandoffAt & { depth: number }) | null;
  rerun?: { rerunMs: number; expanded: number | null; judgedByWorker: boolean } | null;
}

/** A row's distcheck command line: `key=value` arguments become `--param key=value`. */
function commandLine(row: Row): string[] {
  return ['explore', row.protocol, ...row.args.flatMap((a) => (a.startsWith('-') || !a.includes('=') ? [a] : ['--param', a]))];
}

/** The fault bounds a row sets, as its params text shows them (`--max-crashes 0`: maxCrashes=0). */
function faultsOf(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--max-(drops|duplicates|crashes|partitions)$/.exec(args[i]);
    if (m) out.push(`max${m[1][0].toUpperCase()}${m[1].slice(1)}=${args[++i]}`);
  }
  return out;
}

function measureOnce(row: Row): Promise<Measured | string> {
  return run([bin, ...commandLine(row), '--json', '--quiet', '--max-seconds', '900'], (out, processSeconds) => {
    const r = JSON.parse(out) as Reported; // one JSON document
    return {
      protocol: r.protocol, impl: r.impl, symmetry: r.symmetry, workers: r.workers,
      paramsText: [...Object.entries(r.params).map(([k, v]) => `${k}=${v}`), ...faultsOf(row.args), r.faults.network].filter(Boolean).join(' '),
      verdict: r.verdict, distinct: r.distinctStates, generated: r.generatedStates,
      seconds: r.durationMs / 1000, processSeconds, peakRssMB: r.peakRssMB,
      ...(r.workers > 1 ? { handoff: r.handoff ? { ms: r.handoff.ms, distinct: r.handoff.distinct } : null } : {}),
      ...(r.workers > 1 ? { second: r.rerun ? { seconds: r.rerun.rerunMs / 1000, expanded: r.rerun.expanded, judgedByWorker: r.rerun.judgedByWorker } : null } : {}),
    };
  });
}

/** One thread's trajectory (bench/measure.ts --trajectory) for a row: seconds, and ms from the start and distinct states seen. */
function trajectoryOf(row: Row): Promise<{ seconds: number; trajectory: number[] } | string> {
  return run([measureScript, row.protocol, ...row.args, '--trajectory'], (out) => JSON.parse(out.trim().split('\n').pop() ?? '') as { seconds: number; trajectory: number[] });
}

/** Runs `node args`: `read(stdout, seconds from spawn to exit)`, or why it failed. */
function run<T>(args: string[], read: (out: string, processSeconds: number) => T): Promise<T | string> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', () => {
      try {
        resolve(read(out, (performance.now() - t0) / 1000));
      } catch {
        resolve('failed: ' + (err.trim().split('\n').pop() ?? ''));
      }
    });
  });
}

// The rows of each size with a 2-worker or "2 at once" row, its one-thread row included, run one
// after the other with each core's speed probed just before and just after (bench/cores.ts):
// which core is slower changes from minute to minute, and a speedup read across such a change
// measures the machine, not the explorer.
const blockSizes = new Set(rows.filter((row) => row.atOnce || row.args.includes('--workers')).map((row) => row.args[0]));
const blockOf = (row: Row) => (row.protocol === 'twophase' && !row.args.includes('--symmetry') && blockSizes.has(row.args[0]) ? row.args[0] : null);
const blocks = new Map<string, number[]>();
rows.forEach((row, i) => {
  const size = blockOf(row);
  if (size !== null) blocks.set(size, [...(blocks.get(size) ?? []), i]);
});
const probesOf = new Map<string, ProbedPass[]>([...blocks.keys()].map((size) => [size, []]));
/** Each pass's one-thread trajectory run of a size, for its handoff line. */
const trajectories = new Map<string, ({ seconds: number; trajectory: number[] } | string)[]>([...blocks.keys()].map((size) => [size, []]));
const probeCores = (when: string) => {
  const speeds = coreSpeeds();
  process.stderr.write(`bench: ${coreSpeedsLine(when, speeds)}\n`);
  return speeds;
};

// Passes over the whole table, so each row's runs are spread over time alike.
const runs: (Measured | string)[][] = rows.map(() => []);
for (let pass = 0; pass < repeat; pass++) {
  const measureRow = async (i: number) => {
    const m = await measure(rows[i]);
    runs[i].push(m);
    const shown = typeof m === 'string' ? m : `${m.distinct} distinct, ${m.seconds.toFixed(2)} s`;
    process.stderr.write(`bench: ${repeat > 1 ? `pass ${pass + 1}/${repeat} ` : ''}${commandOf(rows[i])}: ${shown}\n`);
  };
  const measured = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const size = blockOf(row);
    if (size === null) await measureRow(i);
    else if (!measured.has(size)) {
      measured.add(size);
      const before = probeCores(`before the twophase ${size} runs`);
      for (const j of blocks.get(size)!) await measureRow(j);
      for (const j of blocks.get(size)!.filter((k) => rows[k].trajectory)) {
        const t = await trajectoryOf(rows[j]);
        trajectories.get(size)!.push(t);
        process.stderr.write(`bench: ${repeat > 1 ? `pass ${pass + 1}/${repeat} ` : ''}${commandOf(rows[j])} --trajectory: ${typeof t === 'string' ? t : `${t.seconds.toFixed(2)} s`}\n`);
      }
      probesOf.get(size)!.push({ before, after: probeCores(`after the twophase ${size} runs`) });
    }
  }
}

const header = ['model', 'params', 'distinct', 'generated', 'seconds', 'states/s', 'peak RSS'];
if (repeat > 1) header.splice(5, 0, 'min–max');
const table: string[][] = [header];
/** Each pass's seconds of each row that never failed, by its label, for the speedup lines. */
const passesOf = new Map<string, number[]>();
/** The same rows' runs, for the handoff lines. */
const measuredOf = new Map<string, Measured[]>();
/** The one-thread rows of other searches than TwoPhase: label and params apart, for their 2-worker lines. */
const others: { label: string; params: string }[] = [];
rows.forEach((row, i) => {
  const ok = runs[i].filter((m): m is Measured => typeof m !== 'string');
  if (ok.length < runs[i].length) {
    table.push([row.protocol, row.args.join(' '), String(runs[i].find((m) => typeof m === 'string')), '', '', '', '', ...(repeat > 1 ? [''] : [])]);
    return;
  }
  const m = ok[0];
  const times = ok.map((x) => x.seconds);
  const seconds = median(times);
  const label = m.protocol + (m.impl !== 'model' ? ` ${m.impl}` : '') + (m.symmetry ? ' (symmetry)' : '') + (m.workers > 1 ? ` (${m.workers} workers)` : '') + (row.atOnce ? ` (${row.atOnce} at once)` : '');
  passesOf.set(`${label} ${m.paramsText}`, times);
  measuredOf.set(`${label} ${m.paramsText}`, ok);
  if (m.protocol !== 'twophase' && m.workers === 1 && !m.symmetry && !row.atOnce) others.push({ label, params: m.paramsText });
  const cells = [label + (m.verdict !== 'ok' ? ` [${m.verdict}]` : ''), m.paramsText, fmt(m.distinct), fmt(m.generated), seconds.toFixed(2), fmt(Math.round(m.generated / seconds)), `${Math.max(...ok.map((x) => x.peakRssMB))} MB`];
  if (repeat > 1) cells.splice(5, 0, range(times, 2));
  table.push(cells);
});
/** Each pass's own ratio, as a median and range (with more than one pass), for the speedup lines. */
function perPassText(ratios: number[]): string {
  return ratios.length > 1 ? `; per pass ${median(ratios).toFixed(2)}× (${range(ratios, 2)}×)` : '';
}

const widths = header.map((_, c) => Math.max(...table.map((r) => r[c].length)));
const out = table.map((r) => r.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
// For each size with a 2-worker or "2 at once" row (size: its params, e.g. rms=8): the speedup
// lines, the handoff line and the cores around its runs.
for (const size of blocks.keys()) {
  const key = (kind: string) => `twophase${kind} ${size} set`;
  const medianOf = (kind: string) => {
    const times = passesOf.get(key(kind));
    return times && median(times);
  };
  const one = medianOf('');
  const two = medianOf(' (2 workers)');
  const atOnce = medianOf(' (2 at once)');
  const probes = probesOf.get(size)!;
  const equal = probes.map(coresEqual);
  // Per pass, each ratio of runs made seconds apart: the machine's speed drifts by tens of
  // percent from one minute to the next, and a ratio of medians can pair a slow run with a fast
  // one. Then the same over the passes whose cores were equal around the runs.
  /** Each pass's times of a kind of row: its search's seconds, or from its process's start (processSeconds). */
  const timesOf = (kind: string, fromStart: boolean) => (fromStart ? measuredOf.get(key(kind))?.map((m) => m.processSeconds) : passesOf.get(key(kind)));
  const perPass = (kind: string, f: (one: number, other: number) => number, fromStart = false) => {
    const xs = timesOf('', fromStart) ?? [];
    const ys = timesOf(kind, fromStart) ?? [];
    const r = xs.map((x, p) => f(x, ys[p]));
    let text = perPassText(r);
    if (r.length === equal.length && equal.every((e) => e !== undefined)) {
      const kept = r.filter((_, p) => equal[p]);
      const of = `${r.length} pass${r.length > 1 ? 'es' : ''}`;
      text += kept.length ? `; with equal cores (${kept.length} of ${of}) ${median(kept).toFixed(2)}× (${range(kept, 2)}×)` : `; the cores were unequal in all ${of}`;
    }
    return text;
  };
  if (one !== undefined && two !== undefined) {
    out.push(`twophase ${size}: 2 workers ${(one / two).toFixed(2)}× as fast as 1 thread (median times)${perPass(' (2 workers)', (x, y) => x / y)}`);
    // The same from each process's start to its end: Node's start-up and the loading of the
    // command count too, and the workers' start wherever it falls.
    const oneProcess = median(timesOf('', true)!);
    const twoProcess = median(timesOf(' (2 workers)', true)!);
    out.push(`twophase ${size}: from each process's start, 2 workers ${(oneProcess / twoProcess).toFixed(2)}× as fast as 1 thread (median times ${oneProcess.toFixed(2)} s and ${twoProcess.toFixed(2)} s)${perPass(' (2 workers)', (x, y) => x / y, true)}`);
  }
  if (one !== undefined && atOnce !== undefined) {
    out.push(`twophase ${size}: 2 independent 1-thread runs at once did ${((2 * one) / atOnce).toFixed(2)}× the work of 1 in the same time (what this machine gives 2 threads sharing nothing)${perPass(' (2 at once)', (x, y) => (2 * x) / y)}`);
  }
  // Each pass's one-thread and 2-worker runs, one after the other: the 2-worker search split at
  // its handoff.
  const ones = trajectories.get(size)!;
  const twos = measuredOf.get(key(' (2 workers)'));
  if (ones.length && twos && ones.every((o) => typeof o !== 'string')) {
    const passes = ones.map((o, p) => ({ oneSeconds: o.seconds, trajectory: o.trajectory, twoSeconds: twos[p].seconds, handoff: twos[p].handoff ?? null }));
    out.push(handoffLine(`twophase ${size}`, passes));
  }
  out.push(coresAroundLine(`twophase ${size}`, probes));
}
// The two-worker speedup of the other searches with a one-thread and a 2-worker row of the same
// params (paxos-spec at maxBallot 2, ring-placement, the violation), also per pass; and where the
// threads found a violation, what the second search took.
for (const { label, params } of others) {
  const times = passesOf.get(`${label} ${params}`)!;
  const two = passesOf.get(`${label} (2 workers) ${params}`);
  if (!two) continue;
  const seconds = measuredOf.get(`${label} (2 workers) ${params}`)!.map((m) => m.second).filter((x) => x != null);
  const taken = seconds.map((x) => x.seconds);
  const expanded = seconds.length ? seconds[0].expanded : null;
  const judged = seconds.length && seconds[0].judgedByWorker ? ', a worker judging the last level' : '';
  const second = seconds.length === two.length
    ? `; the threads' second search ${median(taken).toFixed(2)} s${taken.length > 1 ? ` (${range(taken, 2)} s)` : ''}, ${expanded === null ? 'breadth-first from the start' : `depth-first, ${fmt(expanded)} states expanded${judged}`}`
    : '';
  out.push(`${label} ${params}: 2 workers ${(median(times) / median(two)).toFixed(2)}× as fast as 1 thread (median times)${perPassText(times.map((t, p) => t / two[p]))}${second}`);
}
process.stdout.write(out.join('\n') + '\n');
