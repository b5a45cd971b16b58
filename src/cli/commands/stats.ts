import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { UserError } from '../../errors.js';
import { renderConsoleTable } from '../../report/console-table.js';
import { writeSummary } from '../../report/summary.js';
import { getNormalizer, NORMALIZER_NAMES } from '../../scoring/normalize.js';
import { computeSummary, STATS_DEFAULTS } from '../../stats/compute.js';
import { readRunInfo, readUtteranceRows } from '../../stats/read.js';
import { EXIT } from '../exit-codes.js';
import { runCommand } from '../run-command.js';

interface Args {
  dir: string;
  'group-by': string;
  permutations?: number;
  'multiple-testing': 'maxT' | 'holm';
  seed: number;
  excess?: number;
  alpha?: number;
  'fail-on'?: 'disproportionate' | 'never';
  'min-speakers': number;
  'min-words': number;
  normalizer: string;
  unit: 'speaker' | 'utterance';
  write: boolean;
}

export const statsCommand: CommandModule<object, Args> = {
  command: 'stats <dir>',
  describe: 'Fairness statistics of a run: per engine × condition × group; writes summary.json',
  builder: (y) =>
    y
      .positional('dir', {
        type: 'string',
        demandOption: true,
        describe: 'Results directory holding utterances.jsonl (and run.json)',
      })
      .option('group-by', {
        type: 'string',
        default: STATS_DEFAULTS.groupBy,
        describe: 'Label key that defines groups',
      })
      .option('permutations', {
        type: 'number',
        describe:
          'Permutations of speaker labels, shared by every cell (default: adaptive, 2,000 doubled near the decision boundary up to 64,000)',
      })
      .option('multiple-testing', {
        choices: ['maxT', 'holm'] as const,
        default: STATS_DEFAULTS.multipleTesting,
        describe: 'Family-wise correction: Westfall–Young max-T step-down, or Holm',
      })
      .option('seed', {
        type: 'number',
        default: STATS_DEFAULTS.seed,
        describe: 'Seed of the resampling streams',
      })
      .option('excess', {
        type: 'number',
        describe: `Practical threshold, WER points of excess over the other groups (run.json, else ${STATS_DEFAULTS.excessDegradationPoints})`,
      })
      .option('alpha', {
        type: 'number',
        describe: `Family-wise error rate (run.json, else ${STATS_DEFAULTS.alpha})`,
      })
      .option('fail-on', {
        choices: ['disproportionate', 'never'] as const,
        describe: `Exit 3 when a group is flagged (run.json, else ${STATS_DEFAULTS.failOn})`,
      })
      .option('min-speakers', {
        type: 'number',
        default: STATS_DEFAULTS.minSpeakers,
        describe: 'Speakers a group needs for a verdict',
      })
      .option('min-words', {
        type: 'number',
        default: STATS_DEFAULTS.minRefWords,
        describe: 'Paired reference words a group needs',
      })
      .option('normalizer', {
        type: 'string',
        default: 'en-basic',
        describe: `Text normaliser: ${NORMALIZER_NAMES.join(' | ')}`,
      })
      .option('unit', {
        choices: ['speaker', 'utterance'] as const,
        default: 'speaker' as const,
        describe: 'Resampling unit; "utterance" ignores speaker clustering (for comparison only)',
      })
      .option('write', { type: 'boolean', default: true, describe: 'Write <dir>/summary.json' })
      .example(
        '$0 stats results/2026-01-01-night',
        'Table + summary.json, thresholds from run.json',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      for (const [name, v, min] of [
        ['min-speakers', args['min-speakers'], 1],
        ['min-words', args['min-words'], 1],
      ] as const) {
        if (!Number.isInteger(v) || v < min)
          throw new UserError(`--${name} must be an integer ≥ ${min}`);
      }
      if (
        args.permutations !== undefined &&
        !(Number.isInteger(args.permutations) && args.permutations >= 1)
      ) {
        throw new UserError('--permutations must be an integer ≥ 1');
      }
      const rows = await readUtteranceRows(join(args.dir, 'utterances.jsonl'));
      const info = await readRunInfo(args.dir);
      const run = info?.thresholds;
      const given = [args.excess, args.alpha, args['fail-on']].some((v) => v !== undefined);
      const alpha = args.alpha ?? run?.thresholds.alpha ?? STATS_DEFAULTS.alpha;
      if (!(alpha > 0 && alpha < 1)) throw new UserError('--alpha must be between 0 and 1');
      const summary = computeSummary(rows, {
        conditionOrder: info?.conditions ?? [],
        groupBy: args['group-by'],
        normalizer: getNormalizer(args.normalizer),
        multipleTesting: args['multiple-testing'],
        ...(args.permutations !== undefined ? { permutations: args.permutations } : {}),
        seed: args.seed,
        excessDegradationPoints:
          args.excess ??
          run?.thresholds.excessDegradation ??
          STATS_DEFAULTS.excessDegradationPoints,
        alpha,
        failOn: args['fail-on'] ?? run?.thresholds.failOn ?? STATS_DEFAULTS.failOn,
        thresholdsSource: given
          ? `command line${run ? `, over ${run.where}` : ''}`
          : (run?.where ?? 'defaults'),
        minSpeakers: args['min-speakers'],
        minRefWords: args['min-words'],
        unit: args.unit,
        toolVersion: await toolVersion(),
      });
      if (args.write) await writeSummary(join(args.dir, 'summary.json'), summary);
      process.stdout.write(renderConsoleTable(summary));
      if (summary.outcome.failed) return EXIT.gateFailed;
      return summary.outcome.status === 'nothing tested' ? EXIT.nothingTested : EXIT.ok;
    }),
};

async function toolVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    const pkg = JSON.parse(
      await readFile(new URL('../../../../package.json', import.meta.url), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
