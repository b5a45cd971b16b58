import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CommandModule } from 'yargs';
import { fsUserError, UserError } from '../../errors.js';
import { SUMMARY_SCHEMA_PATH } from '../../results/summary-file.js';
import { SUITE_SCHEMA_PATH, suiteSchemaText } from '../../run/suite.js';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { summaryJsonSchemaText } from '../../stats/summary-schema.js';
import { EXIT } from '../exit-codes.js';
import { outputOptions, print, printJson } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

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
  ...COMMAND_LINES.schema,
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
        describe: 'Exit 3 (gateFailed) if a committed copy is out of date',
      })
      .example('$0 schema --write', 'Regenerate the schemas after adding a perturbation kind')
      .example('$0 schema suite', 'Print the suite file schema') as never,
  handler: (args) =>
    runCommand(async () => {
      if (!args.write && !args.check) {
        process.stdout.write(SCHEMAS[args.which ?? 'scenario'].text());
        return EXIT.ok;
      }
      const chosen = args.which ? [SCHEMAS[args.which]] : Object.values(SCHEMAS);
      const report: { path: string; status: 'written' | 'up to date' | 'out of date' }[] = [];
      for (const { path, text } of chosen) {
        const want = text();
        if (args.write) {
          await writeCommitted(path, want);
          report.push({ path, status: 'written' });
        } else {
          const have = await readFile(path, 'utf8').catch(() => '');
          report.push({ path, status: have === want ? 'up to date' : 'out of date' });
        }
      }
      const stale = report.filter((r) => r.status === 'out of date').length;
      if (outputOptions().json) printJson({ ok: stale === 0, schemas: report });
      else {
        for (const { path, status } of report) {
          if (status === 'out of date')
            process.stderr.write(`${path} is out of date: run \`lastmile schema --write\`\n`);
          else print(status === 'written' ? `wrote ${path}` : `${path} is up to date`);
        }
      }
      return stale ? EXIT.gateFailed : EXIT.ok;
    }),
};

/** The committed copies live in a lastmile checkout: refuse to create its folders elsewhere. */
async function writeCommitted(path: string, text: string): Promise<void> {
  if (!existsSync(dirname(path))) {
    throw new UserError(
      `${path}: no ${dirname(path)}/ folder here; run \`lastmile schema --write\` at the top of a lastmile checkout (or print one schema: \`lastmile schema suite\`)`,
    );
  }
  await writeFile(path, text).catch((e: unknown) => {
    throw fsUserError(e, path);
  });
}
