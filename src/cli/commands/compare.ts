import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { compareRuns } from '../../compare/compare.js';
import { loadCompareRun } from '../../compare/load.js';
import { pairRuns } from '../../compare/pair-runs.js';
import {
  renderCompareConsole,
  renderCompareHtml,
  renderCompareMarkdown,
} from '../../compare/render.js';
import { EXIT } from '../exit-codes.js';
import { checkNumberFlags, OPEN_FRACTION, RANGE } from '../number-flags.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  baseline: string;
  current: string;
  overlap: boolean;
  alpha: number;
  limit?: number;
  out?: string;
  write: boolean;
}

const DEFAULT_LIMIT_POINTS = 5;

export const compareCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.compare,
  builder: (y) =>
    y
      .positional('baseline', {
        type: 'string',
        demandOption: true,
        describe: 'Results folder of the earlier run',
      })
      .positional('current', {
        type: 'string',
        demandOption: true,
        describe: 'Results folder of the new run',
      })
      .option('overlap', {
        type: 'boolean',
        default: false,
        describe:
          'Compare only what both runs share when their corpus, scenarios, clips or normaliser differ',
      })
      .option('alpha', {
        type: 'number',
        default: 0.05,
        describe: 'Family-wise error rate of the tests',
      })
      .option('limit', {
        type: 'number',
        describe: `Regression limit in WER points (default: the new run's regression gate, else ${DEFAULT_LIMIT_POINTS})`,
      })
      .option('out', {
        type: 'string',
        describe: "Folder for compare.md and compare.html (default: the new run's folder)",
      })
      .option('write', {
        type: 'boolean',
        default: true,
        describe: 'Write compare.md and compare.html (--no-write: console only)',
      })
      .example(
        '$0 compare results/nightly-20261129 results/nightly-20261130',
        'Last night against tonight',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      checkNumberFlags(args, { alpha: OPEN_FRACTION, limit: RANGE(0, 100) });
      const [baseline, current] = await Promise.all([
        loadCompareRun(args.baseline),
        loadCompareRun(args.current),
      ]);
      const pairing = pairRuns(baseline, current, args.overlap);
      if (pairing.units.length === 0) {
        process.stderr.write(
          'lastmile: the runs share no paired unit with transcripts in both: nothing to compare\n',
        );
        return EXIT.nothingTested;
      }
      const rules =
        args.limit !== undefined
          ? [{ rule: 'regression' as const, level: 'error' as const, max: args.limit }]
          : current.context.gates.filter((r) => r.rule === 'regression');
      const effective = rules.length
        ? rules
        : [{ rule: 'regression' as const, level: 'error' as const, max: DEFAULT_LIMIT_POINTS }];
      const cells = compareRuns(pairing, current.normalizer, {
        alpha: args.alpha,
        rules: effective,
      });
      const failing = cells.filter((c) => c.status === 'regressed' && c.level === 'error');
      const warned = cells.filter((c) => c.status === 'regressed' && c.level === 'warn');
      const verdict = failing.length
        ? `compare: ${failing.length} cell measure${failing.length === 1 ? '' : 's'} regressed beyond the limit`
        : warned.length
          ? `compare: passed, with ${warned.length} warning${warned.length === 1 ? '' : 's'} (regressions at level warn)`
          : 'compare: no regression beyond the limit';
      const header = {
        baseline: baseline.context.id,
        current: current.context.id,
        pairing,
        alpha: args.alpha,
        verdict,
      };
      process.stdout.write(renderCompareConsole(header, cells));
      if (args.write) {
        const dir = args.out || args.current; // an empty --out is no --out, as for run
        const limit = effective[0].max ?? DEFAULT_LIMIT_POINTS;
        await mkdir(dir, { recursive: true });
        await put(join(dir, 'compare.md'), renderCompareMarkdown(header, cells));
        await put(join(dir, 'compare.html'), await renderCompareHtml(header, cells, limit));
        process.stderr.write(`lastmile: wrote ${join(dir, 'compare.md')} and compare.html\n`);
      }
      return failing.length ? EXIT.gateFailed : EXIT.ok;
    }),
};

async function put(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}
