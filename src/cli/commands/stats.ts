import type { CommandModule } from 'yargs';
import { intersectionsText } from '../../report/intersections-text.js';
import { DEFAULT_GROUP_BY, DEFAULT_MINIMUM, DEFAULT_THRESHOLDS } from '../../results/defaults.js';
import { runFolder } from '../../results/folder.js';
import { readRunJson } from '../../results/run-json.js';
import { summaryText } from '../../results/summary-file.js';
import { analyzeFolder } from '../../run/analyze.js';
import { loadKeywordList } from '../../scoring/keywords.js';
import { NORMALIZER_NAMES } from '../../scoring/normalize.js';
import { STATS_DEFAULTS } from '../../stats/compute.js';
import { EXIT } from '../exit-codes.js';
import { COUNT, checkNumberFlags, normalizerFlag, OPEN_FRACTION, RANGE } from '../number-flags.js';
import { outputOptions, print, warn } from '../output.js';
import { runCommand } from '../run-command.js';
import { exitCodeOf } from '../verdict-exit.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  dir: string;
  'group-by'?: string;
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
  keywords?: string;
  write: boolean;
}

export const statsCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.stats,
  builder: (y) =>
    y
      .positional('dir', {
        type: 'string',
        demandOption: true,
        describe: 'Results directory holding utterances.jsonl (and run.json)',
      })
      .option('group-by', {
        type: 'string',
        describe: `Label key(s) that define groups; a,b makes groups of label combinations (run.json, else ${DEFAULT_GROUP_BY})`,
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
        describe: `Practical threshold, WER points of excess over the other groups (run.json, else ${DEFAULT_THRESHOLDS.excessDegradation})`,
      })
      .option('alpha', {
        type: 'number',
        describe: `Family-wise error rate (run.json, else ${DEFAULT_THRESHOLDS.alpha})`,
      })
      .option('fail-on', {
        choices: ['disproportionate', 'never'] as const,
        describe: `Exit ${EXIT.gateFailed} when a group is flagged (run.json, else ${DEFAULT_THRESHOLDS.failOn})`,
      })
      .option('min-speakers', {
        type: 'number',
        default: DEFAULT_MINIMUM.speakers,
        describe: 'Speakers a group needs for a verdict',
      })
      .option('min-words', {
        type: 'number',
        default: DEFAULT_MINIMUM.refWords,
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
      .option('keywords', {
        type: 'string',
        describe:
          'Keyword list (one term per line) for the keyword error rate, over the one run.json records',
      })
      .option('write', { type: 'boolean', default: true, describe: 'Write <dir>/summary.json' })
      .example(
        '$0 stats results/2026-01-01-night',
        'Table + summary.json, thresholds from run.json',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      checkNumberFlags(args, {
        'min-speakers': COUNT(1),
        'min-words': COUNT(1),
        permutations: COUNT(1, 10_000_000),
        seed: COUNT(0),
        excess: RANGE(0, 100),
        alpha: OPEN_FRACTION,
      });
      const normalizer = normalizerFlag(args.normalizer);
      const runJson = await readRunJson(runFolder(args.dir).runJson);
      const analysis = await analyzeFolder(args.dir, runJson, args.write ? ['summary.json'] : [], {
        ...(args['group-by'] && { groupBy: args['group-by'] }),
        thresholds: {
          ...(args.excess !== undefined && { excessDegradation: args.excess }),
          ...(args.alpha !== undefined && { alpha: args.alpha }),
          ...(args['fail-on'] && { failOn: args['fail-on'] }),
        },
        normalizer,
        multipleTesting: args['multiple-testing'],
        ...(args.permutations !== undefined && { permutations: args.permutations }),
        seed: args.seed,
        minSpeakers: args['min-speakers'],
        minRefWords: args['min-words'],
        unit: args.unit,
        ...(args.keywords && { keywords: await loadKeywordList(args.keywords) }),
      });
      if (outputOptions().json) print(summaryText(analysis.summary));
      else {
        process.stdout.write(analysis.table);
        if (analysis.summary.intersections)
          process.stdout.write(intersectionsText(analysis.summary.intersections));
      }
      // Also on stderr: stdout may be going to a file or to jq.
      if (analysis.verdict === 'nothing-tested') warn(analysis.message);
      return exitCodeOf(analysis.verdict);
    }),
};
