import type { CommandModule } from 'yargs';
import { reproduceBundle, reproduceText } from '../../bundle/reproduce.js';
import { EXIT } from '../exit-codes.js';
import { outputOptions, print, printJson } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  bundle: string;
  corpus: string;
  engine?: string[];
  'engine-config'?: string[];
}

export const reproduceCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.reproduce,
  builder: (y) =>
    y
      .positional('bundle', {
        type: 'string',
        demandOption: true,
        describe: 'Archive written by `lastmile bundle`',
      })
      .option('engine', {
        type: 'string',
        array: true,
        describe: 'Transcribe the units again with this engine (as run --engine) and compare',
      })
      .option('engine-config', {
        type: 'string',
        array: true,
        describe: 'key=value options of --engine (as run --engine-config)',
      })
      .option('corpus', {
        type: 'string',
        demandOption: true,
        describe: 'Your copy of the corpus manifest',
      })
      .example(
        '$0 reproduce night.bundle.tgz --corpus ~/corpora/accents/manifest.jsonl',
        `Exit 0 when everything matched, ${EXIT.gateFailed} otherwise`,
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      const result = await reproduceBundle(args.bundle, {
        corpus: args.corpus,
        ...(args.engine?.length && {
          access: {
            engines: args.engine,
            ...(args['engine-config'] && { engineConfig: args['engine-config'] }),
          },
        }),
      });
      if (outputOptions().json) printJson(result);
      else print(reproduceText(result));
      return result.ok ? EXIT.ok : EXIT.gateFailed;
    }),
};
