/**
 * The `distcheck` command line: list | explore | check | replay | show | ring-report.
 * Exit codes: 0 ok, 1 violation found, 2 bad input or usage, 3 unknown (bound hit, vacuous, or
 * a trace that diverged from the code).
 */
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../engine/errors.js';
import { EXIT } from '../engine/result.js';
import { collectParam, nonNegativeInt, positiveInt, positiveNumber, workerCount } from './options.js';
import { exploreCommand } from './commands/explore.js';
import { checkCommand } from './commands/check.js';
import { listCommand } from './commands/list.js';
import { replayCommand } from './commands/replay.js';

type Action = (...args: any[]) => Promise<number> | number;
let exitCode = 0;
const run = (fn: Action) => async (...args: unknown[]) => {
  exitCode = await fn(...args);
};

function shared(cmd: Command): Command {
  return cmd
    .option('--impl <name|path>', "implementation: a registered name (see 'distcheck list') or a path to a .ts/.js module", 'model')
    .option('--param <key=value>', 'protocol parameter (repeatable)', collectParam)
    .addOption(new Option('--network <semantics>', 'network semantics').choices(['set', 'multiset', 'fifo']))
    .option('--max-drops <n>', 'bound on message drops (multiset)', nonNegativeInt)
    .option('--max-duplicates <n>', 'bound on message duplications (multiset)', nonNegativeInt)
    .option('--max-crashes <n>', 'bound on node crashes', nonNegativeInt)
    .option('--max-partitions <n>', 'bound on network partitions', nonNegativeInt)
    .option('--out <file>', 'where to write the counterexample trace (default distcheck-out/<protocol>/<impl>.<engine>.json)')
    .option('--json', 'one JSON document on stdout (progress stays on stderr)')
    .option('--quiet', 'no progress on stderr');
}

export function program(): Command {
  const p = new Command('distcheck')
    .description('Find bugs in distributed protocols and prove small configurations safe.')
    .showHelpAfterError()
    .exitOverride();
  p.command('list').description('protocols, implementations (model, reference, bug, seed), properties, params')
    .option('--json', 'JSON array of { protocol, impls: [{ name, kind }], properties, params }')
    .action(run((o) => listCommand(o)));
  shared(p.command('explore').argument('<protocol>').description('exhaustive BFS over every interleaving; the shortest counterexample'))
    .option('--max-depth <n>', 'depth bound (a cut-short search is unknown, never ok)', nonNegativeInt)
    .option('--max-states <n>', 'distinct-state bound', nonNegativeInt)
    .option('--max-seconds <s>', 'time bound', positiveNumber)
    .option('--symmetry', 'one canonical state per orbit of interchangeable nodes (the protocol must declare them)')
    .option('--workers <n>', "threads exploring: this one and n - 1 worker threads (cluster models and paxos-spec), or 'auto': one per core; counts are identical to one thread", workerCount)
    .action(run((protocol, o) => exploreCommand(protocol, o)));
  shared(p.command('check').argument('[protocol]', 'omit to run every protocol\'s default campaign over every implementation'))
    .description('fast-check campaign: random adversarial schedules with faults, shrunk to a 1-minimal trace')
    .option('--seed <n>', 'campaign seed (default 42)', nonNegativeInt)
    .option('--path <path>', "fast-check replay path printed by a failing campaign")
    .option('--runs <n>', 'number of runs (default: the protocol\'s campaign)', nonNegativeInt)
    .option('--max-steps <n>', 'longest run in actions', nonNegativeInt)
    .action(run((protocol, o) => checkCommand(protocol, o)));
  p.command('replay').argument('<trace>').description('re-execute a trace; reproduce its violation or report the first divergence')
    .option('--step', 'print every step with the node views')
    .option('--json', 'JSON result')
    .action(run((file, o) => replayCommand(file, o)));
  p.command('show').argument('<trace>').description('render a trace')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'mermaid', 'shiviz', 'html']).default('text'))
    .option('--out <file>', 'write to a file (html defaults to distcheck-out/<trace name>.html)')
    .action(run(async (file, o) => {
      const { show } = await import('./show.js');
      process.stdout.write(show(file, o.format, o.out) + '\n');
      return 0;
    }));
  p.command('ring-report').description('HTML report of ring balance and key movement per placement scheme')
    .requiredOption('--out <file>', 'the HTML file to write')
    .action(run(async (o) => {
      const { ringReport } = await import('./ringReport.js');
      process.stdout.write((await ringReport(o.out)).summary + '\n');
      return 0;
    }));
  return p;
}

export async function main(argv: string[]): Promise<number> {
  exitCode = 0;
  try {
    await program().parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; every parse error is a usage error.
      return e.exitCode === 0 ? 0 : EXIT.usage;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`distcheck: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

/** Entry point used by cli/bin.mjs: runs and sets the process exit code. */
export function runCli(argv: string[]): void {
  main(argv).then((code) => {
    process.exitCode = code;
  }, (e) => {
    process.stderr.write(`distcheck: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 70;
  });
}
