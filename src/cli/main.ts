#!/usr/bin/env node
import { EXIT } from './exit-codes.js';
import { reportError } from './run-command.js';

// Installed before anything else loads, so that no error — not even one thrown while a
// native module loads — reaches the user as a stack trace.
process.on('uncaughtException', (e) => {
  process.exitCode = reportError(e);
});
process.on('unhandledRejection', (e) => {
  process.exitCode = reportError(e);
});

try {
  const { buildCli } = await import('./parser.js');
  const argv = process.argv.slice(2);
  const cli = buildCli(argv);
  if (cli.bare) {
    // Bare `lastmile` (or only global flags) did no work: list the commands on stderr and
    // say so with the usage exit code, so a script that forgot its command does not pass.
    process.stderr.write(`${await cli.yargs.getHelp()}\n`);
    process.exitCode = EXIT.usage;
  } else {
    await cli.yargs.parseAsync();
  }
} catch (e) {
  process.exitCode = reportError(e);
}
