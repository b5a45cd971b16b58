import type { CommandModule } from 'yargs';
import { costDecision } from '../../plan/limit.js';
import { planCost } from '../../plan/plan-run.js';
import { renderEstimate } from '../../plan/render.js';
import { DEFAULT_CORPUS, resolveRunConfig } from '../../run/config.js';
import { parseShard } from '../../run/shard.js';
import { EXIT } from '../exit-codes.js';
import { COUNT, checkNumberFlags } from '../number-flags.js';
import { outputOptions, print, printJson, warn } from '../output.js';
import { runCommand } from '../run-command.js';

interface Args {
  scenarios?: string[];
  suite?: string;
  corpus?: string;
  engine?: string[];
  'engine-config'?: string[];
  out?: string;
  concurrency?: number;
  limit?: number;
  cache: boolean;
  'cache-dir'?: string;
  shard?: string;
  prices?: string;
  'latency-ms'?: number;
}

export const planCommand: CommandModule<object, Args> = {
  command: 'plan [scenarios..]',
  describe:
    'Before a paid run: units, audio hours, expected time, cache hits and cost per engine (no engine is called)',
  builder: (y) =>
    y
      .positional('scenarios', { type: 'string', array: true, describe: 'Scenario YAML files' })
      .option('suite', { type: 'string', describe: 'Suite YAML (as for run)' })
      .option('corpus', { type: 'string', describe: `Corpus manifest (default ${DEFAULT_CORPUS})` })
      .option('engine', {
        type: 'string',
        array: true,
        describe: 'Engine id, repeatable (as for run)',
      })
      .option('engine-config', {
        type: 'string',
        array: true,
        describe: 'key=value or <prefix>.key=value, as for run (model decides the price)',
      })
      .option('out', {
        type: 'string',
        describe: 'The run folder: units already done there are not counted again',
      })
      .option('concurrency', { type: 'number', describe: 'Calls in flight per engine' })
      .option('limit', { type: 'number', describe: 'Use at most N clips, spread over the groups' })
      .option('cache', {
        type: 'boolean',
        default: true,
        describe: 'Count transcript cache hits (--no-cache: every unit is a call)',
      })
      .option('cache-dir', { type: 'string', describe: 'Transcript cache folder' })
      .option('shard', { type: 'string', describe: 'Plan slice i/N, as run --shard' })
      .option('prices', {
        type: 'string',
        describe:
          'Price table (YAML: currency, prices: [{engine, model, perMinute, date, source}]) over the built-in one',
      })
      .option('latency-ms', {
        type: 'number',
        describe: 'Time per call for engines with no latency measured in the cache or run folder',
      })
      .example('$0 plan --suite suites/nightly.yaml', 'What tonight’s suite would cost and take')
      .example(
        '$0 plan scenarios/dead-air.yaml --engine openai --engine-config model=gpt-4o-mini-transcribe --limit 100',
        'One scenario against a hosted engine',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      checkNumberFlags(args, { limit: COUNT(1), concurrency: COUNT(1), 'latency-ms': COUNT(0) });
      const config = await resolveRunConfig({
        ...(args.suite && { suite: args.suite }),
        ...(args.scenarios && { scenarios: args.scenarios }),
        ...(args.corpus && { corpus: args.corpus }),
        ...(args.engine && { engines: args.engine }),
        ...(args['engine-config'] && { engineConfig: args['engine-config'] }),
        ...(args.out && { out: args.out }),
        ...(args.concurrency !== undefined && { concurrency: args.concurrency }),
        ...(args.limit !== undefined && { limit: args.limit }),
        cache: args.cache,
        ...(args['cache-dir'] && { cacheDir: args['cache-dir'] }),
        ...(args.shard !== undefined && { shard: parseShard(args.shard) }),
        ...(args.prices && { prices: args.prices }),
      });
      const estimate = await planCost(config, args['latency-ms']);
      const decision = costDecision(estimate, config.cost);
      if (outputOptions().json) printJson({ ...estimate, ...decision });
      else print(renderEstimate(estimate).trimEnd());
      for (const w of decision.warnings) warn(w);
      if (decision.refusal) warn(`run would refuse: ${decision.refusal}`);
      return EXIT.ok;
    }),
};
