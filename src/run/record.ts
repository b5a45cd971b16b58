import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import type { CodecBackend } from '../codecs/index.js';
import { scenarioCodecBackends } from '../codecs/needed.js';
import { corpusFingerprint } from '../corpus/load.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { redact } from '../engines/secrets.js';
import type { Engine } from '../engines/types.js';
import { UserError } from '../errors.js';
import { sha256, sha256File } from '../hash.js';
import type { RunJson, RunSession } from '../results/run-json.js';
import { toolVersion } from '../results/version.js';
import { namedFilePaths } from '../scenario/files.js';
import type { Scenario } from '../scenario/types.js';
import type { RunConfig } from './config.js';
import type { RunPlan } from './plan.js';

/**
 * What a resume must match: corpus, scenario files (and the files they name), engine configs
 * and the codec builds the scenarios use (a different codec build codes different audio), hashed. Fails with a user
 * error, before any audio is processed, when a codec the scenarios need cannot load.
 */
export async function runFingerprint(
  config: RunConfig,
  plan: RunPlan,
  engines: readonly Engine[],
): Promise<{
  fingerprint: string;
  scenarioHashes: string[];
  scenarioInputs: string[];
  codecs: CodecBackend[];
}> {
  const scenarioHashes = await Promise.all(
    config.scenarios.map(async (f) => sha256(await readFile(f))),
  );
  const scenarioInputs = await Promise.all(
    plan.scenarios.map((s, i) => scenarioInputHash(s, scenarioHashes[i])),
  );
  const codecs = await scenarioCodecBackends(plan.scenarios);
  // An engine's identity (version, model files) is part of what a resume must match: an
  // upgraded engine or a replaced model would mix two recognisers in one table.
  const identities = await Promise.all(
    engines.map((e) =>
      Promise.resolve()
        .then(() => e.identity())
        .catch(() => null),
    ),
  );
  const fingerprint = sha256(
    JSON.stringify({
      corpus: corpusFingerprint(plan.corpus),
      scenarios: scenarioInputs,
      engines: engines.map((e, i) => [e.id, e.config, identities[i]]),
      ...(codecs.length && { codecs: codecs.map((c) => [c.codec, c.library, c.build]) }),
    }),
  );
  return { fingerprint, scenarioHashes, scenarioInputs, codecs };
}

/**
 * A scenario's text and the bytes of every file it names (noise beds, impulse responses): a
 * bed replaced in place under the same name is other audio, so another fingerprint and other
 * warm-start keys. A scenario that names no file keeps its text's hash (earlier folders resume).
 */
async function scenarioInputHash(scenario: Scenario, textHash: string): Promise<string> {
  const files = await namedFilePaths(scenario);
  if (files.length === 0) return textHash;
  const base = dirname(resolve(scenario.file));
  const hashed = [];
  for (const f of files) hashed.push([relative(base, f), await sha256File(f)]);
  return sha256(JSON.stringify(['lastmile/scenario-inputs/1', textHash, hashed]));
}

/** Refuses to resume a folder whose run.json was made from other inputs, or is another slice. */
export function checkResumable(
  out: string,
  previous: RunJson | undefined,
  fingerprint: string,
  shard?: { readonly index: number; readonly count: number },
) {
  if (previous && previous.fingerprint !== fingerprint)
    throw new UserError(
      `${out} holds a run of different inputs (corpus, scenarios or engine config changed since ${previous.createdAt}); choose another --out, or delete the folder to start over`,
    );
  const was = previous?.shard ? `${previous.shard.index}/${previous.shard.count}` : 'unsharded';
  const now = shard ? `${shard.index}/${shard.count}` : 'unsharded';
  if (previous && was !== now)
    throw new UserError(
      `${out} holds shard ${was} of this run, not ${now}; give each shard its own --out folder`,
    );
}

/** Effective calls in flight for engine `i`: the run's override, the setup's, else the engine's. */
export function concurrencyOf(config: RunConfig, i: number, engine: Engine): number {
  return config.concurrency ?? config.engines[i].concurrency ?? engine.defaults.concurrency;
}

/** run.json at the start of a session (units and status are updated as the session ends). */
export async function describeRun(input: {
  config: RunConfig;
  plan: RunPlan;
  engines: readonly Engine[];
  dispatchers: readonly Dispatcher[];
  cacheDir: string | undefined;
  fingerprint: string;
  scenarioHashes: readonly string[];
  codecs: readonly CodecBackend[];
  previous: RunJson | undefined;
  session: RunSession;
  units: RunJson['units'];
}): Promise<RunJson> {
  const { config, plan, engines, previous, session } = input;
  return {
    schemaVersion: 1,
    tool: toolVersion(),
    node: process.version,
    platform: `${process.platform} ${process.arch}, ${availableParallelism()} cores`,
    createdAt: previous?.createdAt ?? session.startedAt,
    updatedAt: session.startedAt,
    status: 'running',
    fingerprint: input.fingerprint,
    ...(config.command && { command: config.command.map(redact) }),
    ...(config.suite && { suite: { ...config.suite } }),
    corpus: {
      manifest: config.corpus,
      format: plan.corpus.format,
      sha256: corpusFingerprint(plan.corpus),
      clips: plan.corpus.clips.length,
      selected: plan.selected,
      ...(config.limit !== undefined && { limit: config.limit }),
      groupBy: config.groupBy,
      ...(plan.corpus.skipped.length && { skipped: [...plan.corpus.skipped] }),
    },
    scenarios: plan.scenarios.map((s, i) => ({
      file: s.file,
      name: s.name,
      sha256: input.scenarioHashes[i],
      seed: s.seed,
      conditions: s.conditions.map((c) => c.name),
    })),
    ...(plan.shard && { shard: { ...plan.shard, clips: plan.clips.length } }),
    conditions: plan.conditions.map((c) => c.name),
    engines: await Promise.all(engines.map((engine, i) => describeEngine(config, engine, i))),
    ...(input.codecs.length && { codecs: input.codecs.map((c) => ({ ...c })) }),
    cache: {
      enabled: input.cacheDir !== undefined,
      ...(input.cacheDir && { dir: input.cacheDir }),
    },
    thresholds: { ...plan.thresholds },
    outputs: [...config.outputs],
    ...(config.gates && { gates: config.gates }),
    maxErrorRate: config.maxErrorRate,
    ...(plan.keywords && {
      keywords: { source: plan.keywords.source, terms: [...plan.keywords.terms] },
    }),
    units: input.units,
    sessions: [...(previous?.sessions ?? []), session],
  };
}

async function describeEngine(config: RunConfig, engine: Engine, i: number) {
  const setup = config.engines[i];
  // `identity` (model files and their hashes) is optional: engines that can state it do.
  const identity = await Promise.resolve()
    .then(() => (engine as { identity?: () => unknown }).identity?.())
    .catch(() => undefined);
  return {
    id: engine.id,
    version: await engine.version().catch(() => 'unknown'),
    ...(identity !== undefined && { identity }),
    config: { ...engine.config },
    concurrency: concurrencyOf(config, i, engine),
    timeoutMs: setup.timeoutMs ?? engine.defaults.timeoutMs,
    retries: setup.retries ?? engine.defaults.retries,
    ...(setup.rps !== undefined && { rps: setup.rps }),
  };
}
