import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { runFolder } from '../../results/folder.js';
import { readAllUtterances } from '../../results/utterances.js';
import { getNormalizer, NORMALIZER_NAMES } from '../../scoring/normalize.js';
import { writeSlices } from '../../slices/file.js';
import { findSlices, SLICES_DEFAULTS } from '../../slices/find-slices.js';
import { slicesText } from '../../slices/render.js';
import { EXIT } from '../exit-codes.js';
import { COUNT, checkNumberFlags } from '../number-flags.js';
import { note, outputOptions, print, printJson, warn } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  dir: string;
  metric: 'degradation' | 'clean-wer';
  'max-labels': number;
  'min-speakers': number;
  'min-words': number;
  alpha: number;
  permutations: number;
  seed: number;
  top: number;
  carry: number;
  epsilon: number;
  attributes?: string;
  normalizer: string;
  write: boolean;
}

const d = SLICES_DEFAULTS;

export const slicesCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.slices,
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'Results directory' })
      .option('metric', {
        choices: ['degradation', 'clean-wer'] as const,
        default: d.metric,
        describe: 'Score slices by paired degradation, or by clean WER',
      })
      .option('max-labels', {
        type: 'number',
        default: d.maxPredicates,
        describe: 'Labels per slice (k)',
      })
      .option('min-speakers', {
        type: 'number',
        default: d.minSpeakers,
        describe: 'Speakers a slice (and its rest) needs',
      })
      .option('min-words', {
        type: 'number',
        default: d.minWords,
        describe: 'Reference words a slice (and its rest) needs',
      })
      .option('alpha', {
        type: 'number',
        default: d.alpha,
        describe: 'Family-wise error rate; intervals at 1 − α',
      })
      .option('permutations', {
        type: 'number',
        default: d.permutations,
        describe: "Permutations of speakers' labels for max-T",
      })
      .option('seed', {
        type: 'number',
        default: d.seed,
        describe: 'Seed of the permutations and of the speaker split',
      })
      .option('top', { type: 'number', default: d.top, describe: 'Slices listed' })
      .option('carry', {
        type: 'number',
        default: d.carry,
        describe: 'Slices carried from the discovery half to confirmation',
      })
      .option('epsilon', {
        type: 'number',
        default: d.epsilonPoints,
        describe: 'Redundancy tolerance, WER points',
      })
      .option('attributes', {
        type: 'string',
        describe: 'Comma-separated attributes to search (default: all)',
      })
      .option('normalizer', {
        type: 'string',
        default: 'en-basic',
        describe: `Text normaliser: ${NORMALIZER_NAMES.join(' | ')}`,
      })
      .option('write', { type: 'boolean', default: true, describe: 'Write <dir>/slices.json' })
      .example('$0 slices results/night --max-labels 2', 'Slices of up to two labels') as never,
  handler: (args) =>
    runCommand(async () => {
      checkNumberFlags(args, {
        'max-labels': COUNT(1),
        'min-speakers': COUNT(2),
        'min-words': COUNT(1),
        permutations: COUNT(1),
        top: COUNT(1),
        carry: COUNT(1),
      });
      if (args['max-labels'] > 5) throw new UsageError('--max-labels must be at most 5');
      if (!(args.alpha > 0 && args.alpha < 1))
        throw new UsageError('--alpha must be between 0 and 1');
      if (!(args.epsilon >= 0)) throw new UsageError('--epsilon must be ≥ 0');
      const folder = runFolder(args.dir);
      const rows = (await readAllUtterances(folder.utterances)).sort((a, b) =>
        a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0,
      );
      const result = findSlices(rows, {
        metric: args.metric,
        maxPredicates: args['max-labels'],
        minSpeakers: args['min-speakers'],
        minWords: args['min-words'],
        alpha: args.alpha,
        permutations: args.permutations,
        seed: args.seed,
        top: args.top,
        carry: args.carry,
        epsilonPoints: args.epsilon,
        normalizer: getNormalizer(args.normalizer),
        ...(args.attributes && { attributes: args.attributes.split(',').map((s) => s.trim()) }),
      });
      if (args.write) note(`wrote ${await writeSlices(args.dir, result)}`);
      if (outputOptions().json) printJson(result);
      else print(slicesText(result));
      if (result.slices.length === 0) {
        warn('nothing tested: no slice met support');
        return EXIT.nothingTested;
      }
      return EXIT.ok;
    }),
};
