import type { CommandModule } from 'yargs';
import { UsageError, UserError } from '../../errors.js';
import { runFolder } from '../../results/folder.js';
import { readAllUtterances } from '../../results/utterances.js';
import { computeSummary, STATS_DEFAULTS } from '../../stats/compute.js';
import {
  type Design,
  designMde,
  designStandardError,
  minimumDetectable,
  speakersNeeded,
} from '../../stats/power.js';
import type { Summary } from '../../stats/summary-schema.js';
import { EXIT } from '../exit-codes.js';
import { outputOptions, print, printJson } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  from?: string;
  groups: number;
  speakers?: number;
  words: number;
  'clean-wer': number;
  degradation: number;
  spread: number;
  excess: number;
  tests?: number;
  alpha: number;
  power: number;
  'group-by': string;
}

const pts = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : (100 * x).toFixed(1));

export const powerCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.power,
  builder: (y) =>
    y
      .option('from', {
        type: 'string',
        describe: 'A pilot results folder (utterances.jsonl): use its measured spread per cell',
      })
      .option('groups', { type: 'number', default: 4, describe: 'Groups compared' })
      .option('speakers', {
        type: 'number',
        describe: 'Speakers per group (default: a table from 5 to 100)',
      })
      .option('words', {
        type: 'number',
        default: 50,
        describe: 'Reference words per speaker and condition',
      })
      .option('clean-wer', { type: 'number', default: 20, describe: 'Clean WER, percent' })
      .option('degradation', {
        type: 'number',
        default: 10,
        describe: 'WER points the condition adds for a typical speaker',
      })
      .option('spread', {
        type: 'number',
        default: 4,
        describe: 'Between-speaker SD of the degradation, WER points',
      })
      .option('excess', {
        type: 'number',
        default: STATS_DEFAULTS.excessDegradationPoints,
        describe: 'Excess to detect, WER points over the other groups',
      })
      .option('tests', {
        type: 'number',
        describe: 'Tests in the family (engines × conditions × groups; default: groups)',
      })
      .option('alpha', { type: 'number', default: STATS_DEFAULTS.alpha, describe: 'Family-wise α' })
      .option('power', { type: 'number', default: 0.8, describe: 'Power wanted' })
      .option('group-by', { type: 'string', default: STATS_DEFAULTS.groupBy })
      .example('$0 power --speakers 10 --words 50', 'MDE of 4 groups × 10 speakers')
      .example(
        '$0 power --from results/pilot --excess 5',
        'Speakers needed, from a pilot run',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      check(args);
      const out = args.from ? await fromPilot(args) : fromStated(args);
      if (outputOptions().json) printJson(out.json);
      else print(out.text);
      return EXIT.ok;
    }),
};

function check(args: Args): void {
  const positive: [string, number | undefined][] = [
    ['groups', args.groups],
    ['words', args.words],
    ['excess', args.excess],
  ];
  for (const [name, v] of positive) {
    if (v !== undefined && !(v > 0)) throw new UsageError(`--${name} must be positive`);
  }
  if (!(args.groups >= 2)) throw new UsageError('--groups must be at least 2');
  if (args.speakers !== undefined && !(Number.isInteger(args.speakers) && args.speakers >= 2)) {
    throw new UsageError('--speakers must be an integer ≥ 2');
  }
  if (!(args.alpha > 0 && args.alpha < 1)) throw new UsageError('--alpha must be between 0 and 1');
  if (!(args.power > 0 && args.power < 1)) throw new UsageError('--power must be between 0 and 1');
  if (!(args['clean-wer'] >= 0 && args['clean-wer'] + args.degradation <= 100)) {
    throw new UsageError('--clean-wer and --degradation must stay within 0–100 %');
  }
  if (!(args.spread >= 0)) throw new UsageError('--spread must be ≥ 0');
}

function fromStated(args: Args): { text: string; json: unknown } {
  const base: Design = {
    groups: args.groups,
    speakersPerGroup: args.speakers ?? 10,
    wordsPerSpeaker: args.words,
    cleanWer: args['clean-wer'] / 100,
    degradation: args.degradation / 100,
    spread: args.spread / 100,
    tests: args.tests ?? args.groups,
    alpha: args.alpha,
  };
  const sizes = args.speakers ? [args.speakers] : [5, 10, 15, 20, 30, 50, 100];
  const table = sizes.map((m) => {
    const d = { ...base, speakersPerGroup: m };
    return { speakers: m, se: designStandardError(d).se, mde: designMde(d, args.power) };
  });
  const needed = speakersNeeded(base, args.excess / 100, args.power);
  const lines = [
    `${args.groups} groups, ${args.words} words a speaker, clean WER ${args['clean-wer']} %, ` +
      `+${args.degradation} points under the condition, between-speaker SD ${args.spread} points; ` +
      `${base.tests} tests at family-wise α = ${args.alpha}`,
    '',
    `${'speakers/group'.padEnd(16)}${'SE of excess'.padStart(14)}${`MDE at ${Math.round(args.power * 100)} % power`.padStart(22)}`,
    ...table.map(
      (r) => `${String(r.speakers).padEnd(16)}${pts(r.se).padStart(14)}${pts(r.mde).padStart(22)}`,
    ),
    '',
    needed === null
      ? `an excess of ${args.excess} points cannot be detected with up to 10,000 speakers a group`
      : `to detect an excess of ${args.excess} points: ${needed} speakers a group (each against the other ${args.groups - 1} groups pooled)`,
    'MDE and excess in WER points; the SE assumes independent word errors (real ones cluster, so treat this as a floor).',
  ];
  return {
    text: `${lines.join('\n')}\n`,
    json: {
      design: base,
      power: args.power,
      table,
      excess: args.excess / 100,
      speakersNeeded: needed,
    },
  };
}

/**
 * From a pilot run: each tested cell's measured standard error gives its MDE now, and
 * scaling every group by k shrinks the SE by √k, so detecting `excess` needs
 * k = (MDE / excess)² times the speakers (the critical level held fixed).
 */
async function fromPilot(args: Args): Promise<{ text: string; json: unknown }> {
  const rows = await readAllUtterances(runFolder(args.from!).utterances, {
    omit: ['params', 'notes'],
  });
  const summary: Summary = computeSummary(rows, {
    groupBy: args['group-by'],
    alpha: args.alpha,
    permutations: 999,
  });
  const target = args.excess / 100;
  const found = summary.cells.flatMap((c) =>
    c.groups
      .filter((g) => g.power?.criticalP != null && g.excess?.se != null && g.excess.df != null)
      .map((g) => {
        const mde = minimumDetectable(
          g.excess!.se!,
          g.excess!.df!,
          g.power!.criticalP!,
          args.power,
        );
        const k = Math.max(1, (mde / target) ** 2);
        return {
          engine: c.engine,
          condition: c.condition,
          group: g.group,
          speakers: g.speakers,
          mde,
          speakersNeeded: Math.ceil(g.speakers * k),
        };
      }),
  );
  if (found.length === 0) {
    throw new UserError(
      `${args.from}: no tested cell (every group below the minimum speakers or words, or no perturbed condition) — nothing to plan from`,
    );
  }
  const lines = [
    `pilot ${args.from}: ${summary.methods.test.tests} tests (level from the family's max-T critical value); target excess ${args.excess} points at ${Math.round(args.power * 100)} % power`,
    '',
    `${'engine · condition · group'.padEnd(48)}${'spk'.padStart(5)}${'MDE now'.padStart(9)}${'spk needed'.padStart(12)}`,
    ...found.map(
      (r) =>
        `${`${r.engine} · ${r.condition} · ${r.group}`.slice(0, 47).padEnd(48)}${String(r.speakers).padStart(5)}${pts(r.mde).padStart(9)}${String(r.speakersNeeded).padStart(12)}`,
    ),
    '',
    `largest need: ${Math.max(...found.map((r) => r.speakersNeeded))} speakers a group (every group scaled alike, words per speaker as in the pilot)`,
  ];
  return { text: `${lines.join('\n')}\n`, json: { excess: target, cells: found } };
}
