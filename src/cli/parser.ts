import yargs, { type Argv } from 'yargs';
import { commands } from './commands/index.js';
import { EXIT_CODE_DOCS } from './exit-codes.js';
import { configureOutput } from './output.js';
import { explainParseFailure, type KnownOptions } from './usage-errors.js';

/** Each command's usage line by name ("validate" → "validate <files..>"), aliases included. */
const commandUsage = new Map(
  commands.flatMap((c) =>
    [String(c.command).split(' ')[0], ...[c.aliases ?? []].flat()].map(
      (name) => [name, String(c.command)] as const,
    ),
  ),
);

/**
 * The whole command line: commands, global flags and the contract every command shares — an
 * unknown command or option is a usage error that names the nearest valid one, and nothing
 * runs. `bare` is true when no command was named (the caller prints the command list).
 */
export function buildCli(argv: readonly string[]): { yargs: Argv; bare: boolean } {
  const cli: Argv = yargs([...argv])
    .scriptName('lastmile')
    .usage(
      '$0 <command> [options]\n\nStress-test speech recognition for accent fairness under real-world acoustic conditions.',
    )
    .command(commands)
    .demandCommand(1, 'name a command')
    .strict()
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Machine output: one JSON document on stdout',
    })
    .option('quiet', {
      alias: 'q',
      type: 'boolean',
      describe: 'Only results, warnings and errors (no notes or progress)',
    })
    .option('verbose', {
      type: 'boolean',
      describe: 'More detail, and the stack trace of an internal error',
    })
    .conflicts('quiet', 'verbose')
    .middleware((a) => {
      configureOutput({
        json: Boolean(a['json']),
        quiet: Boolean(a['quiet']),
        verbose: Boolean(a['verbose']),
      });
    })
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue(
      `Exit codes: ${EXIT_CODE_DOCS.map((d) => `${d.code} ${d.name}`).join(' · ')} (docs/exit-codes.md)\nDocs: README.md · scenario language: scenarios/README.md`,
    )
    // yargs goes on to run the command when a custom fail handler returns, so this one throws:
    // the error ends parseAsync and nothing runs.
    .fail((message, error) => {
      if (error && error.name !== 'YError') throw error;
      throw explainParseFailure(
        message ?? error?.message ?? '',
        argv,
        commandUsage,
        (cli as unknown as { getOptions(): KnownOptions }).getOptions(),
      );
    })
    .help()
    .alias('h', 'help')
    .version();
  const words = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const bare =
    !words.some((t) => !t.startsWith('-')) &&
    !words.some((t) => ['--help', '-h', '--version'].includes(t));
  return { yargs: cli, bare };
}
