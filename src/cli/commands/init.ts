import { relative } from 'node:path';
import type { CommandModule } from 'yargs';
import { scaffold } from '../../init/scaffold.js';
import { EXIT } from '../exit-codes.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  dir: string;
}

export const initCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.init,
  builder: (y) =>
    y
      .positional('dir', { type: 'string', default: '.', describe: 'Folder to write into' })
      .example('$0 init my-eval', 'Start an evaluation in ./my-eval') as never,
  handler: (args) =>
    runCommand(async () => {
      const result = await scaffold(args.dir);
      const at = relative(process.cwd(), result.dir) || '.';
      const cd = at === '.' ? '' : `cd ${at} && `;
      process.stdout.write(
        [
          `lastmile: wrote ${result.written.length} files in ${at}:`,
          ...result.written.map((f) => `  ${f}`),
          '',
          'Next:',
          `  1. Try the suite now on the bundled corpus:`,
          `       ${cd}lastmile run --suite suite.yaml --corpus ${result.bundledCorpus}`,
          '  2. Put your clips in corpus/ and list them in corpus/manifest.csv (corpus/README.md',
          '     explains the columns), then: lastmile validate suite.yaml && lastmile run --suite suite.yaml',
          '  3. Edit scenarios/starter.yaml to match your room; `lastmile list` shows every perturbation.',
          '  4. Commit; .github/workflows/lastmile.yml runs the suite every night.',
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    }),
};
