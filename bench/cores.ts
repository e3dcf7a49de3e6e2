/**
 * How fast each core of the machine is at the moment, for `npm run bench`: a virtual machine's
 * cores can differ (a shared host's other tenants), and which one is slower changes from minute
 * to minute. A two-worker search can be no faster than its two cores' speeds added, while a
 * one-thread search runs on whichever core the scheduler gives it, so the table's two-worker
 * speedups are read against these figures.
 *
 * Each core runs the same probe, pinned with `taskset` (util-linux): 3·10⁷ reads at
 * pseudo-random places in a 32 MB array, whose time is mostly waiting for memory, as the
 * explorer's visited-set lookups are.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * The probe, run by `node -e`: prints its milliseconds (and a checksum, so no read is dropped).
 * In a function, so its variables are locals V8 keeps in registers, not the script's globals.
 */
export const PROBE = [
  '(() => {',
  'const a = new Int32Array(1 << 23);',
  'for (let i = 0; i < a.length; i++) a[i] = i;',
  'const t = performance.now();',
  'let x = 1, s = 0;',
  'for (let i = 0; i < 3e7; i++) { x = (Math.imul(x, 1103515245) + 12345) | 0; s = (s + a[(x >>> 0) & (a.length - 1)]) | 0; }',
  'process.stdout.write(Math.round(performance.now() - t) + " " + (s & 1));',
  '})();',
].join('\n');

/** What running the probe on one core gave (spawnSync's result, as far as it is read here). */
export interface ProbeRun {
  error?: { code?: string; message: string };
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runProbe(core: number): ProbeRun {
  const r = spawnSync('taskset', ['-c', String(core), process.execPath, '-e', PROBE], { encoding: 'utf8' });
  return { error: r.error as ProbeRun['error'], status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The cores this process may run on (Linux's Cpus_allowed_list), else 0 to cpus() - 1; at most 8. */
export function allowedCores(status = readStatus()): number[] {
  const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1];
  const cores = list ? parseCpuList(list) : [];
  return (cores.length ? cores : cpus().map((_, i) => i)).slice(0, 8);
}

function readStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return '';
  }
}

/** "0-1,4,6-7" as [0, 1, 4, 6, 7]; [] when it is not such a list. */
export function parseCpuList(list: string): number[] {
  const cores: number[] = [];
  for (const part of list.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return [];
    for (let c = Number(m[1]); c <= Number(m[2] ?? m[1]); c++) cores.push(c);
  }
  return cores;
}

/**
 * Each core's probe time in milliseconds, or why they were not measured. `run` runs the probe
 * on a core (tests give their own).
 */
export function coreSpeeds(cores = allowedCores(), run: (core: number) => ProbeRun = runProbe): CoreSpeeds {
  const speeds: CoreSpeed[] = [];
  for (const core of cores) {
    const r = run(core);
    if (r.error) return r.error.code === 'ENOENT' ? 'not measured (no taskset command: it comes with util-linux)' : `not measured (taskset: ${r.error.message})`;
    const time = /^(\d+) [01]$/.exec(r.stdout.trim());
    if (r.status !== 0 || !time) {
      const why = r.stderr.trim().split('\n').pop() || `exit code ${r.status}, output '${r.stdout.trim()}'`;
      return `not measured (taskset -c ${core}: ${why})`;
    }
    speeds.push({ core, ms: Number(time[1]) });
  }
  return speeds;
}

/** One core's probe time. */
export interface CoreSpeed {
  core: number;
  ms: number;
}

/** Each core's probe time, or why the cores were not measured. */
export type CoreSpeeds = CoreSpeed[] | string;

/** What the probe is, as the bench's lines say. */
const PROBE_TEXT = '3·10⁷ random reads from 32 MB, one process pinned to each core';

/** One line of the bench's output: the cores' times, or why there are none. */
export function coreSpeedsLine(when: string, speeds: CoreSpeeds): string {
  const figures = typeof speeds === 'string' ? speeds : speeds.map(({ core, ms }) => `core ${core} ${ms} ms`).join(', ');
  return `cores ${when}: ${figures} (${PROBE_TEXT})`;
}

/** The slowest core's probe time may be at most this many times the fastest's for the cores to count as equal. */
export const EQUAL_WITHIN = 1.25;

/** The probes made just before and just after a size's runs in one pass (`npm run bench` runs them one after the other). */
export interface ProbedPass {
  before: CoreSpeeds;
  after: CoreSpeeds;
}

/**
 * Whether the cores were about equally fast around a pass's runs: in both probes, the slowest
 * core within EQUAL_WITHIN of the fastest. Undefined when a probe has no figures.
 */
export function coresEqual(pass: ProbedPass): boolean | undefined {
  let equal = true;
  for (const speeds of [pass.before, pass.after]) {
    if (typeof speeds === 'string' || speeds.length === 0) return undefined;
    const ms = speeds.map((s) => s.ms);
    if (Math.max(...ms) > EQUAL_WITHIN * Math.min(...ms)) equal = false;
  }
  return equal;
}

/**
 * One line of the bench's output: the cores' times around a size's runs, pass by pass, e.g.
 * `cores around the twophase rms=8 runs (ms, core 0/core 1, before → after): pass 1 422/877 →
 * 430/418 (unequal), …`, or why they were not measured.
 */
export function coresAroundLine(label: string, passes: ProbedPass[]): string {
  const probes = passes.flatMap((p) => [p.before, p.after]);
  const unmeasured = probes.find((s): s is string => typeof s === 'string');
  if (unmeasured !== undefined) return `cores around the ${label} runs: ${unmeasured}`;
  const measured = probes as CoreSpeed[][];
  const times = (speeds: CoreSpeed[]) => speeds.map((s) => s.ms).join('/');
  const each = passes.map((p, i) => `${passes.length > 1 ? `pass ${i + 1} ` : ''}${times(measured[2 * i])} → ${times(measured[2 * i + 1])}${coresEqual(p) ? '' : ' (unequal)'}`);
  const cores = measured[0].map((s) => `core ${s.core}`).join('/');
  return `cores around the ${label} runs (ms, ${cores}, before → after): ${each.join(', ')} (${PROBE_TEXT}; unequal: the slowest over ${EQUAL_WITHIN}× the fastest)`;
}
