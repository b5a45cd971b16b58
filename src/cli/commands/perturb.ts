import type { CommandModule } from 'yargs';
import { DEFAULT_SAMPLE_RATE } from '../../audio/types.js';

/** Highest working rate: studio audio stops at 384 kHz; more only fills the disk (0.5 s at 1 GHz is 1 GB). */
const MAX_SAMPLE_RATE = 384_000;

import { limitClips } from '../../corpus/limit.js';
import { loadCorpus } from '../../corpus/load.js';
import { perturbCorpus } from '../../perturbation/perturb-corpus.js';
import { DEFAULT_GROUP_BY } from '../../results/defaults.js';
import { loadScenario } from '../../scenario/load.js';
import { EXIT } from '../exit-codes.js';
import { COUNT, checkNumberFlags } from '../number-flags.js';
import { outputOptions, print, printJson, warn } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  scenario: string;
  corpus: string;
  out: string;
  condition?: string[];
  limit?: number;
  rate: number;
  'skip-bad': boolean;
}

export const perturbCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.perturb,
  builder: (y) =>
    y
      .positional('scenario', {
        type: 'string',
        demandOption: true,
        describe: 'Scenario YAML file',
      })
      .option('corpus', {
        type: 'string',
        default: 'fixtures/corpus/manifest.jsonl',
        describe: 'Corpus manifest (JSONL, CSV or Common Voice TSV)',
      })
      .option('out', { type: 'string', default: 'results/perturbed', describe: 'Output folder' })
      .option('condition', {
        type: 'string',
        array: true,
        describe:
          'Only these conditions (repeatable; a sweep’s base name selects all its severities)',
      })
      .option('limit', {
        type: 'number',
        describe: 'Use at most N clips, spread over the groups (as in run)',
      })
      .option('rate', {
        type: 'number',
        default: DEFAULT_SAMPLE_RATE,
        describe: 'Working sample rate (Hz)',
      })
      .option('skip-bad', {
        type: 'boolean',
        default: false,
        describe: 'Skip bad manifest rows instead of failing',
      })
      .example(
        '$0 perturb scenarios/phone-line.yaml --limit 5 --out results/listen',
        'Five clips through every condition',
      )
      .example(
        '$0 perturb scenarios/hospital-ward.yaml --condition mains-hum',
        'One condition only',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      checkNumberFlags(args, { limit: COUNT(1), rate: COUNT(1000, MAX_SAMPLE_RATE) });
      const scenario = await loadScenario(args.scenario);
      for (const w of scenario.warnings ?? []) warn(w);
      const corpus = await loadCorpus(args.corpus, { skipBad: args['skip-bad'] });
      for (const s of corpus.skipped) warn(`skipped ${s}`);
      const clips = limitClips(corpus.clips, args.limit, DEFAULT_GROUP_BY);
      let clipped = 0;
      // One line per condition, not per file: a loud chain clips most of a corpus, and
      // hundreds of identical lines would bury the other warnings.
      const clippedBy = new Map<string, { count: number; first: string }>();
      const { files, manifest } = await perturbCorpus(scenario, {
        outDir: args.out,
        sampleRate: args.rate,
        conditions: args.condition,
        clips,
        allClips: corpus.clips,
        onClip: (condition, _clip, notes, file) => {
          if (Object.keys(notes).some((k) => k.endsWith('.clipped'))) {
            clipped++;
            const seen = clippedBy.get(condition);
            if (seen) seen.count++;
            else clippedBy.set(condition, { count: 1, first: file });
          }
          for (const [key, value] of Object.entries(notes))
            if (key.endsWith('.warning')) warn(`${file}: ${value}`);
        },
      });
      for (const [condition, { count, first }] of clippedBy)
        warn(
          `${count} of ${clips.length} clips passed full scale in condition ${condition} and were clipped when written (first: ${first}); add "- level: { mode: normalize, target: -26dBFS }" to its chain to keep the peaks`,
        );
      if (outputOptions().json) {
        printJson({ files, clips: clips.length, clipped, out: args.out, manifest });
      } else {
        print(
          `wrote ${files} WAV files (${clips.length} clips) under ${args.out}/<condition>/<clip id>.wav${clipped ? `; ${clipped} clipped` : ''}; manifest ${manifest}`,
        );
      }
      return EXIT.ok;
    }),
};
