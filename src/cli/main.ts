#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';

await yargs(hideBin(process.argv))
  .scriptName('lastmile')
  .usage(
    '$0 <command> [options]\n\nStress-test speech recognition for accent fairness under real-world acoustic conditions.',
  )
  .command(commands)
  .demandCommand(1, 'Name a command (see the list above).')
  .recommendCommands()
  .strict()
  .wrap(Math.min(110, process.stdout.columns || 100))
  .epilogue('Docs: README.md · scenario language: scenarios/README.md')
  .fail((message, error, y) => {
    if (error) throw error;
    process.stderr.write(
      `${y.help() && ''}lastmile: ${message}\nRun "lastmile --help" for usage.\n`,
    );
    process.exitCode = 2;
  })
  .help()
  .alias('h', 'help')
  .version()
  .parseAsync();
