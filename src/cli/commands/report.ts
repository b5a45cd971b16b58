import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { gateLines } from '../../report/gates/console.js';
import { REPORT_OUTPUTS } from '../../report/write.js';
import { EXIT } from '../exit-codes.js';
import { runCommand } from '../run-command.js';
import { writeRunReports } from '../write-run-reports.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  dir: string;
  output?: string[];
}

export const reportCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.report,
  builder: (y) =>
    y
      .positional('dir', {
        type: 'string',
        demandOption: true,
        describe: 'Results folder (holds utterances.jsonl, run.json, summary.json)',
      })
      .option('output', {
        type: 'string',
        array: true,
        choices: REPORT_OUTPUTS,
        describe: `Files to write, repeatable (default: all of ${REPORT_OUTPUTS.join(', ')})`,
      })
      .example('$0 report results/nightly-20261130', 'Every report, and the exit code of its gates')
      .example(
        '$0 report results/nightly-20261130 --output report.md && cat results/nightly-20261130/report.md >> "$GITHUB_STEP_SUMMARY"',
        'The Markdown summary for a GitHub Actions job',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      const outputs = args.output?.length ? args.output : REPORT_OUTPUTS;
      const { written, sizes, gates, recomputed } = await writeRunReports(args.dir, outputs);
      if (recomputed) process.stderr.write(`lastmile: ${recomputed}\n`);
      for (const name of written)
        process.stderr.write(
          `lastmile: wrote ${join(args.dir, name)} (${kilobytes(sizes[name])})\n`,
        );
      process.stderr.write(gateLines(gates));
      return EXIT[gates.exit];
    }),
};

function kilobytes(bytes: number | undefined): string {
  const b = bytes ?? 0;
  return b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(b / 1e3))} kB`;
}
