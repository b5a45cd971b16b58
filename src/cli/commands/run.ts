import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { isSyntheticCorpus } from '../../corpus/synthetic.js';
import { redact } from '../../engines/secrets.js';
import { CostLimitError, enforceCostLimit, money } from '../../plan/limit.js';
import { estimateFor } from '../../plan/plan-run.js';
import type { QueueUrl } from '../../queue/connection.js';
import { gateLines } from '../../report/gates/console.js';
import { DEFAULT_MAX_ERROR_RATE, DEFAULT_MINIMUM } from '../../results/defaults.js';
import { runFolder } from '../../results/folder.js';
import { RunWarnings } from '../../results/run-warnings.js';
import { summaryText } from '../../results/summary-file.js';
import { readAllUtterances, readUtterances } from '../../results/utterances.js';
import { analyzeRun } from '../../run/analyze.js';
import { type RunConfig, resolveRunConfig } from '../../run/config.js';
import { executeRun, type ReadyToCall, type RunResult } from '../../run/execute.js';
import { boundHeapGrowth } from '../../run/heap.js';
import type { RunPlan } from '../../run/plan.js';
import { duration, type ProgressMode } from '../../run/progress.js';
import { OUTPUTS } from '../../run/suite.js';
import { groupLabel } from '../../text/group-label.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { COUNT, checkNumberFlags, FRACTION } from '../number-flags.js';
import { note, outputOptions, print, printError, warn } from '../output.js';
import { retestClaims } from '../retest-claims.js';
import { runCommand } from '../run-command.js';
import { type RunInputArgs, runInputOptions, runInputRequest } from '../run-inputs.js';
import { writeRunReports } from '../write-run-reports.js';
import { COMMAND_LINES } from './lines.js';

interface Args extends RunInputArgs {
  'group-by'?: string;
  resume: boolean;
  'skip-bad': boolean;
  progress: 'auto' | ProgressMode;
  'max-error-rate'?: number;
  output?: string[];
  'allow-cost': boolean;
  threads?: number;
  queue?: string;
}

export const runCommandModule: CommandModule<object, Args> = {
  ...COMMAND_LINES.run,
  builder: (y) =>
    scaleOptions(runInputOptions(y))
      .option('group-by', {
        type: 'string',
        describe: 'Manifest label to group by (default accent)',
      })
      .option('resume', {
        type: 'boolean',
        default: false,
        describe: 'Without --out: continue the newest run under results/',
      })
      .option('skip-bad', {
        type: 'boolean',
        default: false,
        describe: 'Skip bad manifest rows instead of failing',
      })
      .option('progress', {
        choices: ['auto', 'tty', 'plain', 'none'] as const,
        default: 'auto' as const,
        describe: 'Progress display on stderr',
      })
      .option('max-error-rate', {
        type: 'number',
        describe: `Exit ${EXIT.runErrors} when more than this fraction of units failed (default ${DEFAULT_MAX_ERROR_RATE})`,
      })
      .option('output', {
        type: 'string',
        array: true,
        choices: OUTPUTS,
        describe:
          "Files to write after the run, repeatable (default: the suite's outputs, else summary.json)",
      })
      .option('allow-cost', {
        type: 'boolean',
        default: false,
        describe:
          "Go past the suite's cost.limit (the estimate is checked before the first paid call)",
      })
      .example(
        '$0 run scenarios/noisy-room.yaml --limit 20',
        'A quick look with pocketsphinx on the bundled corpus',
      )
      .example('$0 run --suite suites/nightly.yaml', 'The nightly suite')
      .example(
        '$0 run scenarios/phone-line.yaml --engine openai:http://127.0.0.1:8080 --engine-config model=whisper-1',
        'A local whisper server',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      boundHeapGrowth();
      checkNumberFlags(args, {
        limit: COUNT(1),
        concurrency: COUNT(1, 1024),
        'max-error-rate': FRACTION,
        threads: COUNT(0),
      });
      const config = await resolveRunConfig({
        ...runInputRequest(args),
        resume: args.resume,
        ...(args['group-by'] && { groupBy: args['group-by'] }),
        skipBad: args['skip-bad'],
        ...(args['max-error-rate'] !== undefined && { maxErrorRate: args['max-error-rate'] }),
        ...(args.output?.length && { outputs: args.output }),
        command: process.argv.slice(2),
        allowCost: args['allow-cost'],
      });
      // bullmq and ioredis load only for a queued run (~18 MB of a run's RSS otherwise).
      const connection = args.queue !== undefined && (await import('../../queue/connection.js'));
      const queue = connection ? connection.parseQueueUrl(args.queue!) : undefined;
      // Before anything is written: a wrong URL is told at once.
      if (connection && queue) await connection.checkReachable(queue);
      const controller = new AbortController();
      const onSignal = () => {
        process.stderr.write(
          '\nlastmile: interrupted — finished units are saved; run again to resume\n',
        );
        controller.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const started = performance.now();
      try {
        return await runAndReport(config, args, controller.signal, started, queue);
      } catch (e) {
        if (!(e instanceof CostLimitError)) throw e;
        printError(e.message);
        return EXIT.gateFailed;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }),
};

/** Where a run's work happens: worker threads, a queue's workers, a shard of the clips. */
function scaleOptions(y: Argv) {
  return y
    .option('threads', {
      type: 'number',
      describe:
        'Worker threads for perturbation, hashing and scoring (default: one per core for large runs; 0: none)',
    })
    .option('queue', {
      type: 'string',
      describe:
        'redis://host:port — enqueue the units on a BullMQ queue for lastmile worker processes and collect their rows',
    });
}

/** The run, its analysis, reports and gates: the exit code. */
async function runAndReport(
  config: RunConfig,
  args: Args,
  signal: AbortSignal,
  started: number,
  queue: QueueUrl | undefined,
): Promise<ExitCode> {
  const result = await executeRun(config, {
    progress: progressMode(args.progress),
    signal,
    onPlan: (plan) => sayPlan(config, plan),
    ...(config.cost && { beforeCalls: (ready) => checkCost(config, ready) }),
    ...(args.threads !== undefined && { threads: args.threads }),
    ...(queue && {
      remote: async (run, session) =>
        (await import('../../queue/produce.js')).runUnitsOnQueue(queue, run, session),
    }),
    say: note,
  });
  if (result.interrupted) return EXIT.interrupted;
  if (result.plan.shard) return sayShardDone(result, config.maxErrorRate);
  const analysis = await analyzeRun({
    folder: runFolder(result.out),
    tally: result.tally,
    runJson: result.runJson,
    outputs: config.outputs,
  });
  if (outputOptions().json) print(redact(summaryText(analysis.summary)));
  else process.stdout.write(redact(analysis.table));
  sayTotals(result, (performance.now() - started) / 1000);
  // The run keeps no rows (src/run/tally.ts): the warnings and claims read them from the folder.
  const warnings = new RunWarnings();
  for await (const row of readUtterances(result.utterancesPath)) warnings.add(row);
  for (const w of warnings.lines()) warn(w);
  // The gates decide the exit code, the same way `lastmile report` does over the folder.
  const reports = await writeRunReports(result.out, config.outputs, analysis.summary);
  process.stderr.write(gateLines(reports.gates));
  if (reports.written.length) note(`wrote ${reports.written.join(', ')}`);
  if (config.claims)
    await retestClaims(result.out, await readAllUtterances(result.utterancesPath), config.claims);
  sayNext(result.out);
  if (reports.gates.exit === 'runErrors')
    printError(
      `${result.errors} of ${result.total} units failed (more than ${(100 * config.maxErrorRate).toFixed(1)}%); see "error" in utterances.jsonl`,
    );
  return EXIT[reports.gates.exit];
}

/**
 * The suite's cost limits, before the first engine call: the estimate (lastmile plan's),
 * its warnings, and a CostLimitError past the hard limit without --allow-cost.
 */
async function checkCost(config: RunConfig, ready: ReadyToCall): Promise<void> {
  const estimate = await estimateFor(config, ready);
  note(
    `cost estimate: ${estimate.calls} engine calls, ${money(estimate.cost, estimate.currency)}${estimate.unpriced.length ? ` + unpriced calls to ${estimate.unpriced.join(', ')}` : ''} (lastmile plan shows the figures)`,
  );
  for (const w of enforceCostLimit(estimate, config.cost, config.allowCost ?? false)) warn(w);
}

/** Before any work: where the run goes, and which groups cannot reach a verdict. */
function sayPlan(config: RunConfig, plan: RunPlan): void {
  const { out, groupBy } = config;
  const engines = config.engines.length;
  note(
    `${plan.resuming ? 'resuming the run in' : 'writing'} ${out}${plan.resuming ? ' (finished units are kept)' : ''}`,
  );
  for (const w of plan.scenarios.flatMap((s) => s.warnings ?? [])) warn(w);
  const groupNames = new Set(plan.clips.map((c) => groupLabel(c.labels, groupBy)));
  const speakers = new Set(plan.clips.map((c) => c.speaker));
  note(
    `plan: ${plan.clips.length} clips (${speakers.size} speakers in ${groupNames.size} groups by ${groupBy}) × ${plan.conditions.length} conditions (clean included) × ${engines} engine${engines === 1 ? '' : 's'} = ${plan.clips.length * plan.conditions.length * engines} units; progress and ETA follow`,
  );
  if (isSyntheticCorpus(config.corpus, groupNames))
    note(
      'the bundled corpus is synthetic: festival voices with rule-made accents; what this run finds is about the tool, not about real accents',
    );
  if (plan.shortGroups.length === 0) return;
  const groups = plan.shortGroups
    .map(
      (g) =>
        `${g.group} (${g.speakers} speaker${g.speakers === 1 ? '' : 's'}, ${g.refWords} words)`,
    )
    .join(', ');
  warn(
    `${plan.clips.length} clips leave ${plan.shortGroups.length === 1 ? 'a group' : 'groups'} by ${groupBy} too small for a verdict — ${groups}; a group needs at least ${DEFAULT_MINIMUM.speakers} speakers and ${DEFAULT_MINIMUM.refWords} reference words, so ${plan.shortGroups.length === 1 ? 'it gets' : 'these get'} no verdict (raise --limit or add speakers)`,
  );
}

function sayTotals(result: RunResult, seconds: number): void {
  const stats = Object.values(result.stats);
  const calls = stats.reduce((n, s) => n + s.calls, 0);
  const hits = stats.reduce((n, s) => n + s.cacheHits, 0);
  const retries = stats.reduce((n, s) => n + s.retries, 0);
  const { perturbed, remembered } = result.dsp;
  note(
    `${result.total} units (${result.resumed} from before, ${result.ran} now: ${calls} calls, ${retries} retries, ${hits} cached) in ${duration(seconds)}; ${result.errors} error unit${result.errors === 1 ? '' : 's'}; results in ${shown(result.out)}`,
  );
  if (remembered > 0)
    note(
      `audio: ${perturbed} clip × condition${perturbed === 1 ? '' : 's'} perturbed, ${remembered} known from an earlier run (their transcripts were cached)`,
    );
}

/** A path as the user can type it: relative below the working directory, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel;
}

/** What to do after a run: the report to open, the bigger suite, one's own corpus. */
function sayNext(out: string): void {
  const report = join(out, 'report.html');
  const lines = [
    ...(existsSync(report) ? [`open the report: ${shown(report)}`] : []),
    'run every built-in scenario: lastmile run --suite suites/nightly.yaml',
    'bring your own corpus and conditions: lastmile init my-eval',
  ];
  note(`next:\n  ${lines.join('\n  ')}`);
}

/** A shard is never analysed alone: its groups are partial. Errors still count against it. */
function sayShardDone(result: RunResult, maxErrorRate: number): ExitCode {
  const { index, count } = result.plan.shard!;
  note(
    `shard ${index}/${count}: ${result.total} units (${result.plan.clips.length} of ${result.plan.selected} clips), ${result.errors} error unit${result.errors === 1 ? '' : 's'}; results in ${shown(result.out)} — combine every shard with lastmile merge <shard folders...> --out <folder>`,
  );
  const tooMany = result.total > 0 && result.errors / result.total > maxErrorRate;
  if (tooMany) printError(`${result.errors} of ${result.total} units of this shard failed`);
  return tooMany ? EXIT.runErrors : EXIT.ok;
}

/** `auto`: redrawn on a terminal, plain lines in CI; none under --quiet or --json. */
function progressMode(asked: 'auto' | ProgressMode): ProgressMode {
  if (outputOptions().quiet) return 'none';
  if (asked !== 'auto') return asked;
  return process.stderr.isTTY ? 'tty' : 'plain';
}
