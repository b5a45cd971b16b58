import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { makeBundle } from '../../bundle/make-bundle.js';
import { EXIT } from '../exit-codes.js';
import { COUNT, checkNumberFlags } from '../number-flags.js';
import { outputOptions, print, printJson } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  dir: string;
  out?: string;
  examples: number;
}

export const bundleCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.bundle,
  builder: (y) =>
    y
      .positional('dir', {
        type: 'string',
        demandOption: true,
        describe: 'Results directory of a run',
      })
      .option('out', { type: 'string', describe: 'Archive to write (default <dir>.bundle.tgz)' })
      .option('examples', {
        type: 'number',
        default: 6,
        describe: 'Perturbed examples to include (worst units of flagged cells)',
      })
      .example('$0 bundle results/night', 'Writes results/night.bundle.tgz') as never,
  handler: (args) =>
    runCommand(async () => {
      checkNumberFlags(args, { examples: COUNT(0) });
      const out = args.out ?? `${resolve(args.dir)}.bundle.tgz`;
      const { file, index } = await makeBundle(args.dir, out, { examples: args.examples });
      if (outputOptions().json) printJson({ file, index });
      else
        print(
          `wrote ${file}: ${index.files.length} files, ${index.rows.length} transcript rows, ${index.corpus.clips.length} clip hashes, ${index.examples.length} cited examples (checked: no local path, no key)`,
        );
      return EXIT.ok;
    }),
};
