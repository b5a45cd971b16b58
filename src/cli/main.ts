#!/usr/bin/env node
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from './exit-codes.js';
import { reportError } from './run-command.js';
import { newerThanBuild } from './stale-build.js';

// Installed before anything else loads, so that no error — not even one thrown while a
// native module loads — reaches the user as a stack trace. After an uncaught error the process
// is in an unknown state, so it ends here, as Node's default handler would.
function fatal(e: unknown): never {
  try {
    // EPIPE: whoever read our output has gone (`lastmile list | head -1`, a killed parent);
    // there is no one left to tell, and writing the news would fail the same way.
    if ((e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') process.exit(process.exitCode);
    process.exitCode = reportError(e);
  } finally {
    process.exit(process.exitCode ?? EXIT.internal);
  }
}
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

/** Run from a checkout's dist/ with sources newer than the build: say so before any work. */
function warnIfStale(): void {
  const here = fileURLToPath(import.meta.url);
  const tail = join('dist', 'src', 'cli', 'main.js');
  if (!here.endsWith(tail)) return;
  const file = newerThanBuild(here.slice(0, -tail.length));
  if (file) {
    process.stderr.write(
      `lastmile: warning: ${file} is newer than the build in dist/; run \`npm run build\` first — an old build with new WebAssembly kernels can write wrong audio\n`,
    );
  }
}

try {
  warnIfStale();
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

// The command has finished. Whatever user code left behind — a `file:` engine that ignored
// its abort signal and still holds a timer or a socket — must not keep lastmile alive after
// the run: an unref'd timer fires only if something else still holds the event loop open.
setTimeout(() => process.exit(), 200).unref();
