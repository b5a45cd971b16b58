import type { CommandModule } from 'yargs';
import { UsageError, UserError } from '../../errors.js';
import { runFolder } from '../../results/folder.js';
import { readAllUtterances } from '../../results/utterances.js';
import { getNormalizer, NORMALIZER_NAMES } from '../../scoring/normalize.js';
import { loadClaim } from '../../slices/claim.js';
import { readSlices, slicesPath } from '../../slices/file.js';
import { claimText, verifyClaim } from '../../slices/verify.js';
import { EXIT } from '../exit-codes.js';
import { COUNT, checkNumberFlags } from '../number-flags.js';
import { outputOptions, print, printJson } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  claim: string;
  dir: string;
  alpha: number;
  'min-speakers': number;
  'min-words': number;
  normalizer: string;
}

export const verifyClaimCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.verifyClaim,
  builder: (y) =>
    y
      .positional('claim', {
        type: 'string',
        demandOption: true,
        describe: 'Claim file (YAML; see docs/outside-testers.md)',
      })
      .positional('dir', { type: 'string', demandOption: true, describe: 'Results directory' })
      .option('alpha', { type: 'number', default: 0.05, describe: 'The interval is at 1 − α' })
      .option('min-speakers', {
        type: 'number',
        default: 3,
        describe: 'Speakers the slice and the rest need',
      })
      .option('min-words', {
        type: 'number',
        default: 100,
        describe: 'Words the slice and the rest need',
      })
      .option('normalizer', {
        type: 'string',
        default: 'en-basic',
        describe: `Text normaliser: ${NORMALIZER_NAMES.join(' | ')}`,
      })
      .example(
        '$0 verify-claim claims/b-female.yaml results/night',
        'Exit 0 confirmed, 3 not confirmed, 6 inconclusive',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      checkNumberFlags(args, { 'min-speakers': COUNT(2), 'min-words': COUNT(1) });
      if (!(args.alpha > 0 && args.alpha < 1))
        throw new UsageError('--alpha must be between 0 and 1');
      const loaded = await loadClaim(args.claim);
      let heldOut: readonly string[] | undefined;
      if (loaded.claim.speakers === 'held-out') {
        const slices = await readSlices(args.dir);
        if (!slices)
          throw new UserError(
            `${args.claim}: speakers: held-out needs ${slicesPath(args.dir)} (the split the slice was found on): run \`lastmile slices ${args.dir}\` first, or say speakers: all for a fresh run`,
          );
        heldOut = slices.split.confirmation;
      }
      const rows = (await readAllUtterances(runFolder(args.dir).utterances)).sort((a, b) =>
        a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0,
      );
      const result = verifyClaim(rows, loaded, {
        ...(heldOut && { heldOut }),
        alpha: args.alpha,
        minSpeakers: args['min-speakers'],
        minWords: args['min-words'],
        normalizer: getNormalizer(args.normalizer),
      });
      if (outputOptions().json) printJson(result);
      else print(claimText(result));
      return result.verdict === 'confirmed'
        ? EXIT.ok
        : result.verdict === 'not confirmed'
          ? EXIT.gateFailed
          : EXIT.nothingTested;
    }),
};
