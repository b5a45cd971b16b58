import { relative } from 'node:path';
import type { CommandModule } from 'yargs';
import { redact } from '../../engines/secrets.js';
import { gateLines } from '../../report/gates/console.js';
import { runFolder } from '../../results/folder.js';
import { summaryText } from '../../results/summary-file.js';
import { analyzeRun } from '../../run/analyze.js';
import { boundHeapGrowth } from '../../run/heap.js';
import { mergeShards } from '../../run/merge.js';
import { EXIT } from '../exit-codes.js';
import { note, outputOptions, print } from '../output.js';
import { runCommand } from '../run-command.js';
import { writeRunReports } from '../write-run-reports.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  dirs: string[];
  out: string;
}

export const mergeCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.merge,
  builder: (y) =>
    y
      .positional('dirs', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Every shard folder of one run',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'Folder for the merged run (must not hold a run yet)',
      })
      .example(
        '$0 merge shards/1 shards/2 shards/3 --out results/nightly',
        'The merged folder is a run folder like any other (stats, report)',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      boundHeapGrowth();
      const merged = await mergeShards(args.dirs, args.out);
      // The same analysis step as an unsharded run, over the same rows and settings.
      const analysis = await analyzeRun({
        folder: runFolder(merged.out),
        tally: merged.tally,
        runJson: merged.runJson,
        outputs: merged.runJson.outputs,
      });
      if (outputOptions().json) print(redact(summaryText(analysis.summary)));
      else process.stdout.write(redact(analysis.table));
      note(
        `merged ${args.dirs.length} shards: ${merged.runJson.units.total} units, ${merged.runJson.units.errors} error units; results in ${relative(process.cwd(), merged.out) || '.'}`,
      );
      // Reports and gates as `lastmile run` writes them after an unsharded run.
      const reports = await writeRunReports(merged.out, merged.runJson.outputs, analysis.summary);
      process.stderr.write(gateLines(reports.gates));
      if (reports.written.length) note(`wrote ${reports.written.join(', ')}`);
      return EXIT[reports.gates.exit];
    }),
};
