import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { CommandModule } from 'yargs';
import { checkEngineId, splitEngineId } from '../../engines/registry.js';
import { redact } from '../../engines/secrets.js';
import { UserError } from '../../errors.js';
import type { UtteranceRow } from '../../results/types.js';
import type { ProgressMode } from '../../run/progress.js';
import { duration } from '../../run/progress.js';
import { type EngineSetup, executeRun } from '../../run/run.js';
import { loadSuite, type Suite } from '../../run/suite.js';
import { summarizeRun } from '../../run/summary.js';
import { EXIT } from '../exit-codes.js';
import { runCommand } from '../run-command.js';

const DEFAULT_CORPUS = 'fixtures/corpus/manifest.jsonl';
const DISPATCH_KEYS = ['concurrency', 'timeoutMs', 'retries', 'rps'] as const;

interface Args {
  scenarios?: string[];
  suite?: string;
  corpus?: string;
  engine?: string[];
  'engine-config'?: string[];
  out?: string;
  'group-by'?: string;
  concurrency?: number;
  limit?: number;
  resume: boolean;
  cache: boolean;
  'cache-dir'?: string;
  'skip-bad': boolean;
  progress: 'auto' | ProgressMode;
  'max-error-rate'?: number;
}

export const runCommandModule: CommandModule<object, Args> = {
  command: 'run [scenarios..]',
  describe: 'Perturb the corpus, transcribe with the engines, stream results (resumable)',
  builder: (y) =>
    y
      .positional('scenarios', { type: 'string', array: true, describe: 'Scenario YAML files' })
      .option('suite', {
        type: 'string',
        describe: 'Suite YAML naming corpus, engines, scenarios, thresholds, outputs',
      })
      .option('corpus', { type: 'string', describe: `Corpus manifest (default ${DEFAULT_CORPUS})` })
      .option('engine', {
        type: 'string',
        array: true,
        describe:
          'Engine id, repeatable: pocketsphinx | openai:<url> | deepgram[:model] | aws-transcribe[:lang] | command:<argv with {audio}> | file:<module>',
      })
      .option('engine-config', {
        type: 'string',
        array: true,
        describe:
          'key=value for every engine, or <prefix>.key=value for one kind (openai.model=whisper-1); also concurrency, timeoutMs, retries, rps',
      })
      .option('out', {
        type: 'string',
        describe: 'Output folder (default results/<name>-<date>); an existing run there is resumed',
      })
      .option('group-by', {
        type: 'string',
        describe: 'Manifest label to group by (default accent)',
      })
      .option('concurrency', {
        type: 'number',
        describe: 'Calls in flight per engine (default: per engine)',
      })
      .option('limit', { type: 'number', describe: 'Use at most N clips, spread over the groups' })
      .option('resume', {
        type: 'boolean',
        default: false,
        describe: 'Without --out: continue the newest run under results/',
      })
      .option('cache', {
        type: 'boolean',
        default: true,
        describe: 'Reuse cached transcripts (--no-cache to call every engine afresh)',
      })
      .option('cache-dir', {
        type: 'string',
        describe:
          'Transcript cache folder (default $LASTMILE_CACHE_DIR or ~/.cache/lastmile/transcripts)',
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
        describe: 'Exit 4 (runErrors) when more than this fraction of units failed (default 0.05)',
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
      const suite = args.suite ? await loadSuite(args.suite) : undefined;
      const scenarios = args.scenarios?.length ? args.scenarios : (suite?.scenarios ?? []);
      if (scenarios.length === 0)
        throw new UserError('name at least one scenario file (or a --suite)');
      const corpus =
        args.corpus ?? suite?.corpus ?? (existsSync(DEFAULT_CORPUS) ? DEFAULT_CORPUS : undefined);
      if (!corpus)
        throw new UserError(`no corpus: pass --corpus <manifest> (${DEFAULT_CORPUS} is not there)`);
      const engines = engineSetups(args, suite);
      const out =
        args.out ?? (args.resume ? newestRun() : undefined) ?? defaultOut(suite, scenarios);
      const groupBy = args['group-by'] ?? suite?.groupBy ?? 'accent';
      const outputs = suite?.outputs ?? ['summary.json'];
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
        const progress: ProgressMode =
          args.progress === 'auto' ? (process.stderr.isTTY ? 'tty' : 'plain') : args.progress;
        const resuming = existsSync(join(out, 'utterances.jsonl'));
        process.stderr.write(
          `lastmile: ${resuming ? 'resuming the run in' : 'writing'} ${out}${resuming ? ' (finished units are kept)' : ''}\n`,
        );
        const result = await executeRun({
          scenarios,
          corpus,
          engines,
          out,
          groupBy,
          ...(args.concurrency !== undefined || suite?.concurrency !== undefined
            ? { concurrency: args.concurrency ?? suite?.concurrency }
            : {}),
          ...(args.limit !== undefined || suite?.limit !== undefined
            ? { limit: args.limit ?? suite?.limit }
            : {}),
          skipBad: args['skip-bad'],
          cache: args.cache && (suite?.cache ?? true),
          ...(args['cache-dir'] && { cacheDir: args['cache-dir'] }),
          progress,
          ...(suite?.thresholds && { thresholds: suite.thresholds }),
          outputs,
          ...(suite && { suite: { file: suite.file, name: suite.name } }),
          command: process.argv.slice(2),
          engineBaseDir: suite ? dirname(suite.file) : process.cwd(),
          signal: controller.signal,
        });
        if (result.interrupted) return EXIT.interrupted;
        const rows = (await readFile(result.utterancesPath, 'utf8'))
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as UtteranceRow);
        const summary = await summarizeRun(result.out, rows, {
          groupBy,
          thresholds: result.thresholds,
          outputs,
          conditionOrder: result.conditions,
        });
        process.stdout.write(redact(summary.table));
        const seconds = (performance.now() - started) / 1000;
        const calls = Object.values(result.stats).reduce((n, s) => n + s.calls, 0);
        const hits = Object.values(result.stats).reduce((n, s) => n + s.cacheHits, 0);
        const retries = Object.values(result.stats).reduce((n, s) => n + s.retries, 0);
        process.stderr.write(
          `lastmile: ${result.total} units (${result.resumed} from before, ${result.ran} now: ${calls} calls, ${retries} retries, ${hits} cached) in ${duration(seconds)}; ${result.errors} error unit${result.errors === 1 ? '' : 's'}; results in ${relative(process.cwd(), result.out) || '.'}\n`,
        );
        const maxErrorRate = args['max-error-rate'] ?? suite?.maxErrorRate ?? 0.05;
        if (result.total > 0 && result.errors / result.total > maxErrorRate) {
          process.stderr.write(
            `lastmile: ${result.errors} of ${result.total} units failed (more than ${(100 * maxErrorRate).toFixed(1)}%); see "error" in utterances.jsonl\n`,
          );
          return EXIT.runErrors;
        }
        if (summary.failed) return EXIT.gateFailed;
        return summary.status === 'nothing tested' ? EXIT.nothingTested : EXIT.ok;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }),
};

/** Engines from --engine/--engine-config, else the suite, else pocketsphinx. */
function engineSetups(args: Args, suite: Suite | undefined): EngineSetup[] {
  const fromSuite: EngineSetup[] = (suite?.engines ?? []).map((e) =>
    typeof e === 'string' ? { id: e } : { ...e, config: e.config ?? {} },
  );
  const base: EngineSetup[] = args.engine?.length
    ? args.engine.map((id) => ({ id }))
    : fromSuite.length
      ? fromSuite
      : [{ id: 'pocketsphinx' }];
  for (const e of base) checkEngineId(e.id);
  const pairs = (args['engine-config'] ?? []).map((text) => {
    const eq = text.indexOf('=');
    if (eq <= 0)
      throw new UserError(`--engine-config expects key=value or <prefix>.key=value, got "${text}"`);
    const left = text.slice(0, eq);
    const dot = left.indexOf('.');
    return dot > 0
      ? { prefix: left.slice(0, dot), key: left.slice(dot + 1), value: text.slice(eq + 1) }
      : { key: left, value: text.slice(eq + 1) };
  });
  return base.map((e) => {
    const config: Record<string, unknown> = { ...e.config };
    const setup: Record<string, unknown> = { ...e };
    for (const p of pairs) {
      if (p.prefix && p.prefix !== splitEngineId(e.id).prefix) continue;
      if ((DISPATCH_KEYS as readonly string[]).includes(p.key)) {
        const n = Number(p.value);
        if (!Number.isFinite(n) || n < 0)
          throw new UserError(`--engine-config ${p.key} must be a number, got "${p.value}"`);
        setup[p.key] = n;
      } else config[p.key] = p.value;
    }
    return { ...(setup as unknown as EngineSetup), config };
  });
}

function defaultOut(suite: Suite | undefined, scenarios: readonly string[]): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  if (suite?.out) return suite.out.replace('{date}', stamp.slice(0, 8));
  const name =
    suite?.name ??
    (scenarios.length === 1 ? scenarios[0].replace(/^.*\//, '').replace(/\.ya?ml$/, '') : 'run');
  return join('results', `${name}-${stamp}`);
}

/** The most recently updated folder under results/ that holds a run.json. */
function newestRun(): string {
  const root = 'results';
  const runs = existsSync(root)
    ? readdirSync(root)
        .map((name) => join(root, name))
        .filter((dir) => existsSync(join(dir, 'run.json')))
        .sort(
          (a, b) => statSync(join(b, 'run.json')).mtimeMs - statSync(join(a, 'run.json')).mtimeMs,
        )
    : [];
  if (!runs[0])
    throw new UserError('--resume: no earlier run under results/ (pass --out <folder>)');
  return runs[0];
}
