import type { Argv } from 'yargs';
import { DEFAULT_CORPUS, type RunRequest } from '../run/config.js';
import { parseShard } from '../run/shard.js';

/**
 * The flags that say which run is meant — corpus, scenarios, engines, folder, limits, cache,
 * prices. `run` and `plan` declare them here once, so `plan` with a run's flags prices exactly
 * the run those flags make, and both commands' help says the same.
 */
export interface RunInputArgs {
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
}

export function runInputOptions(y: Argv): Argv {
  return y
    .positional('scenarios', { type: 'string', array: true, describe: 'Scenario YAML files' })
    .option('suite', {
      type: 'string',
      describe: 'Suite YAML naming corpus, engines, scenarios, thresholds, outputs',
    })
    .option('corpus', { type: 'string', describe: `Corpus manifest (default ${DEFAULT_CORPUS})` })
    .option('engine', {
      type: 'string',
      array: true,
      describe:
        'Engine id, repeatable: pocketsphinx | openai:<url> | deepgram[:model] | aws-transcribe[:lang] | command:<argv with {audio}> | file:<module>',
    })
    .option('engine-config', {
      type: 'string',
      array: true,
      describe:
        'key=value for every engine, or <prefix>.key=value for one kind (openai.model=whisper-1); also concurrency, timeoutMs, retries, rps',
    })
    .option('out', {
      type: 'string',
      describe:
        'Run folder (default results/<name>-<date>); units already done there are kept (run) and not counted again (plan)',
    })
    .option('concurrency', {
      type: 'number',
      describe: 'Calls in flight per engine (default: per engine)',
    })
    .option('limit', { type: 'number', describe: 'Use at most N clips, spread over the groups' })
    .option('cache', {
      type: 'boolean',
      default: true,
      describe: 'Reuse cached transcripts (--no-cache: every unit is an engine call)',
    })
    .option('cache-dir', {
      type: 'string',
      describe:
        'Transcript cache folder (default $LASTMILE_CACHE_DIR or ~/.cache/lastmile/transcripts)',
    })
    .option('shard', {
      type: 'string',
      describe:
        'Slice i of N (i/N, 1-based) of the clips, chosen by a hash of the clip id; combine run folders with lastmile merge',
    })
    .option('prices', {
      type: 'string',
      describe:
        "Price table (YAML: currency, prices: [{engine, model, perMinute, date, source}]) over the suite's and the built-in one",
    });
}

/** The run request those flags make (the rest of a command's flags are its own). */
export function runInputRequest(args: RunInputArgs): RunRequest {
  return {
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
  };
}
