import { readFile, writeFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { SUMMARY_SCHEMA_PATH } from '../../report/summary.js';
import { SUITE_SCHEMA_PATH, suiteSchemaText } from '../../run/suite.js';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { summaryJsonSchemaText } from '../../stats/summary-schema.js';
import { runCommand } from '../run-command.js';

export const SCENARIO_SCHEMA_PATH = 'scenarios/scenario.schema.json';

/** The committed schema text: stable key order and a trailing newline so diffs stay clean. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** Every JSON Schema the repository commits, each generated from its zod source. */
const SCHEMAS = {
  scenario: { path: SCENARIO_SCHEMA_PATH, text: scenarioSchemaText },
  suite: { path: SUITE_SCHEMA_PATH, text: suiteSchemaText },
  summary: { path: SUMMARY_SCHEMA_PATH, text: summaryJsonSchemaText },
} as const;
type Which = keyof typeof SCHEMAS;

interface Args {
  which?: Which;
  write: boolean;
  check: boolean;
}

export const schemaCommand: CommandModule<object, Args> = {
  command: 'schema [which]',
  describe: 'Print a JSON Schema (scenario, suite, summary), or write/check the committed copies',
  builder: (y) =>
    y
      .positional('which', {
        choices: Object.keys(SCHEMAS) as Which[],
        describe: 'Which schema (default: scenario when printing, all with --write/--check)',
      })
      .option('write', {
        type: 'boolean',
        default: false,
        describe: 'Write the committed copies (schemas/, scenarios/)',
      })
      .option('check', {
        type: 'boolean',
        default: false,
        describe: 'Exit 1 if a committed copy is out of date',
      })
      .example('$0 schema --write', 'Regenerate the schemas after adding a perturbation kind')
      .example('$0 schema suite', 'Print the suite file schema') as never,
  handler: (args) =>
    runCommand(async () => {
      if (!args.write && !args.check) {
        process.stdout.write(SCHEMAS[args.which ?? 'scenario'].text());
        return 0;
      }
      const chosen = args.which ? [SCHEMAS[args.which]] : Object.values(SCHEMAS);
      let stale = 0;
      for (const { path, text } of chosen) {
        const want = text();
        if (args.write) {
          await writeFile(path, want);
          process.stdout.write(`wrote ${path}\n`);
        } else if ((await readFile(path, 'utf8').catch(() => '')) !== want) {
          process.stderr.write(`${path} is out of date: run \`lastmile schema --write\`\n`);
          stale++;
        } else {
          process.stdout.write(`${path} is up to date\n`);
        }
      }
      return stale ? 1 : 0;
    }),
};
