import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BackoffOptions } from '../dispatch/backoff.js';
import { type EngineSetup, parseEngineSetups } from '../engines/setup.js';
import { UserError } from '../errors.js';
import type { GatesInput } from '../report/gates/schema.js';
import { DEFAULT_GROUP_BY, DEFAULT_MAX_ERROR_RATE, type Thresholds } from '../results/defaults.js';
import type { CostSettings } from './cost-schema.js';
import type { Shard } from './shard.js';
import { loadSuite, type Suite } from './suite.js';

export type { EngineSetup };

/** The bundled corpus, used when neither the command line nor a suite names one. */
export const DEFAULT_CORPUS = 'fixtures/corpus/manifest.jsonl';

/**
 * What a caller (the CLI, a test, bench, a library user) asks of a run. Everything is
 * optional where a suite or a default can supply it; a stated value wins over the suite's.
 */
export interface RunRequest {
  /** A suite file (or one already loaded) naming corpus, engines, scenarios, thresholds, outputs. */
  readonly suite?: string | Suite;
  readonly scenarios?: readonly string[];
  readonly corpus?: string;
  /** Engine ids (`--engine`); they replace the suite's engines. */
  readonly engines?: readonly string[];
  /**
   * `key=value` for every engine, or `<prefix>.key=value` for one kind (`--engine-config`);
   * dispatch options (concurrency, timeoutMs, retries, rps) too.
   */
  readonly engineConfig?: readonly string[];
  /** Output folder; an existing run there is resumed. */
  readonly out?: string;
  /** Without `out`: continue the newest run under `results/`. */
  readonly resume?: boolean;
  readonly groupBy?: string;
  /** Overrides every engine's concurrency. */
  readonly concurrency?: number;
  readonly limit?: number;
  readonly skipBad?: boolean;
  /** false: `--no-cache`. */
  readonly cache?: boolean;
  readonly cacheDir?: string;
  readonly thresholds?: Partial<Thresholds>;
  readonly outputs?: readonly string[];
  readonly maxErrorRate?: number;
  /** The command line, for run.json (redacted there). */
  readonly command?: readonly string[];
  /** Folder engine paths (file:, command: cwd) resolve against (default: the suite's, else cwd). */
  readonly engineBaseDir?: string;
  readonly backoff?: Partial<BackoffOptions>;
  /** `--shard i/N`: run only this deterministic slice of the clips (see shard.ts). */
  readonly shard?: Shard;
  /** `--prices`: a price table overriding the suite's and the built-in one. */
  readonly prices?: string;
  /** `--allow-cost`: go past the suite's hard cost limit. */
  readonly allowCost?: boolean;
}

/** A run with every choice made: what `executeRun` takes. */
export interface RunConfig {
  readonly scenarios: readonly string[];
  readonly corpus: string;
  readonly engines: readonly EngineSetup[];
  readonly out: string;
  readonly groupBy: string;
  readonly concurrency?: number;
  readonly limit?: number;
  readonly skipBad: boolean;
  readonly cache: boolean;
  readonly cacheDir?: string;
  /** The suite's thresholds; planning lays them over the first scenario's, over the defaults. */
  readonly thresholds?: Partial<Thresholds>;
  readonly outputs: readonly string[];
  readonly maxErrorRate: number;
  /** The suite's `gates:` as written, recorded in run.json for the reports and `lastmile report`. */
  readonly gates?: GatesInput;
  readonly suite?: { readonly file: string; readonly name: string };
  /** The suite's accepted slice claims, re-tested after the run (src/slices/verify.ts). */
  readonly claims?: readonly string[];
  readonly command?: readonly string[];
  readonly engineBaseDir: string;
  readonly backoff?: Partial<BackoffOptions>;
  readonly shard?: Shard;
  /** The suite's keyword list (else the scenarios' lists are used). */
  readonly keywords?: string;
  /** The suite's spending limits, with `--prices` over its price table. */
  readonly cost?: CostSettings;
  readonly allowCost?: boolean;
}

/** Suite + request + defaults → one RunConfig. `now` names the default output folder. */
export async function resolveRunConfig(
  request: RunRequest,
  now: Date = new Date(),
): Promise<RunConfig> {
  const suite = typeof request.suite === 'string' ? await loadSuite(request.suite) : request.suite;
  const scenarios = request.scenarios?.length ? request.scenarios : (suite?.scenarios ?? []);
  if (scenarios.length === 0) throw new UserError('name at least one scenario file (or a --suite)');
  const corpus =
    request.corpus ?? suite?.corpus ?? (existsSync(DEFAULT_CORPUS) ? DEFAULT_CORPUS : undefined);
  if (!corpus)
    throw new UserError(`no corpus: pass --corpus <manifest> (${DEFAULT_CORPUS} is not there)`);
  const concurrency = request.concurrency ?? suite?.concurrency;
  const limit = request.limit ?? suite?.limit;
  const thresholds = { ...suite?.thresholds, ...request.thresholds };
  return {
    scenarios: [...scenarios],
    corpus,
    engines: parseEngineSetups({
      ...(request.engines && { engineIds: request.engines }),
      ...(request.engineConfig && { engineConfig: request.engineConfig }),
      ...(suite && { suite: { file: suite.file, engines: suite.engines } }),
    }),
    out:
      request.out ??
      (request.resume ? newestRun() : undefined) ??
      defaultOut(suite, scenarios, now),
    groupBy: request.groupBy ?? suite?.groupBy ?? DEFAULT_GROUP_BY,
    ...(concurrency !== undefined && { concurrency }),
    ...(limit !== undefined && { limit }),
    skipBad: request.skipBad ?? false,
    cache: (request.cache ?? true) && (suite?.cache ?? true),
    ...(request.cacheDir && { cacheDir: request.cacheDir }),
    ...(Object.keys(thresholds).length > 0 && { thresholds }),
    outputs: [...(request.outputs ?? suite?.outputs ?? ['summary.json'])],
    maxErrorRate: request.maxErrorRate ?? suite?.maxErrorRate ?? DEFAULT_MAX_ERROR_RATE,
    ...(suite?.gates && { gates: suite.gates }),
    ...(suite && { suite: { file: suite.file, name: suite.name } }),
    ...(suite?.claims?.length && { claims: suite.claims }),
    ...(request.command && { command: [...request.command] }),
    engineBaseDir: request.engineBaseDir ?? (suite ? dirname(suite.file) : process.cwd()),
    ...(request.backoff && { backoff: request.backoff }),
    ...(request.shard && { shard: request.shard }),
    ...(suite?.keywords && { keywords: suite.keywords }),
    ...((suite?.cost || request.prices) && {
      cost: {
        currency: 'USD',
        ...suite?.cost,
        ...(request.prices && { prices: request.prices }),
      },
    }),
    ...(request.allowCost && { allowCost: true }),
  };
}

/** results/<suite or scenario name>-<local date and time>, or the suite's `out` with {date}. */
function defaultOut(suite: Suite | undefined, scenarios: readonly string[], now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  if (suite?.out) return suite.out.replace('{date}', stamp.slice(0, 8));
  const name =
    suite?.name ??
    (scenarios.length === 1 ? scenarios[0].replace(/^.*\//, '').replace(/\.ya?ml$/, '') : 'run');
  return join('results', `${name}-${stamp}`);
}

/** The most recently updated folder under results/ that holds a run.json. */
function newestRun(): string {
  const root = 'results';
  const runs = existsSync(root)
    ? readdirSync(root)
        .map((name) => join(root, name))
        .filter((dir) => existsSync(join(dir, 'run.json')))
        .sort(
          (a, b) => statSync(join(b, 'run.json')).mtimeMs - statSync(join(a, 'run.json')).mtimeMs,
        )
    : [];
  if (!runs[0])
    throw new UserError('--resume: no earlier run under results/ (pass --out <folder>)');
  return runs[0];
}
