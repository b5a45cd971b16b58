import { readFile, writeFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { runCommand } from '../run-command.js';

export const SCENARIO_SCHEMA_PATH = 'scenarios/scenario.schema.json';

interface Args {
  write: boolean;
  check: boolean;
}

/** The committed schema text: stable key order and a trailing newline so diffs stay clean. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export const schemaCommand: CommandModule<object, Args> = {
  command: 'schema',
  describe: 'Print the scenario JSON Schema (for editors), or write/check the committed copy',
  builder: (y) =>
    y
      .option('write', {
        type: 'boolean',
        default: false,
        describe: `Write ${SCENARIO_SCHEMA_PATH}`,
      })
      .option('check', {
        type: 'boolean',
        default: false,
        describe: `Exit 1 if ${SCENARIO_SCHEMA_PATH} is out of date`,
      })
      .example(
        '$0 schema --write',
        'Regenerate the schema after adding a perturbation kind',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      const text = scenarioSchemaText();
      if (args.write) {
        await writeFile(SCENARIO_SCHEMA_PATH, text);
        process.stdout.write(`wrote ${SCENARIO_SCHEMA_PATH}\n`);
      } else if (args.check) {
        const current = await readFile(SCENARIO_SCHEMA_PATH, 'utf8').catch(() => '');
        if (current !== text) {
          process.stderr.write(
            `${SCENARIO_SCHEMA_PATH} is out of date: run \`lastmile schema --write\`\n`,
          );
          return 1;
        }
        process.stdout.write(`${SCENARIO_SCHEMA_PATH} is up to date\n`);
      } else {
        process.stdout.write(text);
      }
      return 0;
    }),
};
