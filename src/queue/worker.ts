import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, Worker } from 'bullmq';
import { TranscriptCache } from '../dispatch/cache.js';
import { createDispatcher, type Dispatcher } from '../dispatch/dispatcher.js';
import { createEngine } from '../engines/registry.js';
import type { Engine } from '../engines/types.js';
import { type UtteranceRow, unitKey } from '../results/row.js';
import { unitRow, unreadableRow } from '../run/clip.js';
import { dispatchOptions } from '../run/execute.js';
import { planRun, type RunPlan } from '../run/plan.js';
import { createDspPool, type DspPool, type Perturbed } from '../run/pool/pool.js';
import { concurrencyOf } from '../run/record.js';
import { bullConnection, checkReachable, type QueueUrl, redisClient } from './connection.js';
import {
  engineQueueName,
  type QueuedRun,
  RUNS_KEY,
  runDescriptionKey,
  type UnitJob,
} from './jobs.js';

export interface QueueWorkerOptions {
  readonly signal: AbortSignal;
  /** Worker threads for the DSP (as `run --threads`). */
  readonly threads: number;
  /** How long a job's lock lasts: a worker dead this long has its jobs taken up again. */
  readonly lockMs: number;
  readonly say: (line: string) => void;
}

/**
 * `lastmile worker`: serves every queued run on the Redis at `q` until the signal aborts.
 * Each run's description (its RunConfig) says how to plan it; the worker plans it, starts its
 * engines, and takes each engine's jobs with the engine's concurrency and the engine's rate as
 * BullMQ's limiter (shared by every worker on the queue). A job returns the unit's row; the
 * enqueuing `lastmile run` writes it. The transcript cache is the run's cache folder: give
 * workers on several machines one shared folder (or LASTMILE_CACHE_DIR) to share transcripts.
 */
export async function runQueueWorker(q: QueueUrl, options: QueueWorkerOptions): Promise<void> {
  await checkReachable(q);
  const client = redisClient(q);
  const served = new Map<string, Promise<ServedRun | undefined>>();
  try {
    while (!options.signal.aborted) {
      const runs = new Set(await client.smembers(RUNS_KEY));
      for (const key of runs)
        if (!served.has(key)) served.set(key, serveRun(q, key, client, options));
      for (const [key, serving] of served)
        if (!runs.has(key)) {
          served.delete(key);
          await (await serving)?.close();
          options.say(`run ${key} is finished`);
        }
      await sleep(500, undefined, { signal: options.signal }).catch(() => undefined);
    }
  } finally {
    for (const serving of served.values()) await (await serving)?.close();
    client.disconnect();
  }
}

interface ServedRun {
  close(): Promise<void>;
}

async function serveRun(
  q: QueueUrl,
  key: string,
  client: ReturnType<typeof redisClient>,
  options: QueueWorkerOptions,
): Promise<ServedRun | undefined> {
  const text = await client.get(runDescriptionKey(key));
  if (!text) return undefined;
  const { config } = JSON.parse(text) as QueuedRun;
  const plan = await planRun(config);
  const engines: Engine[] = [];
  for (const setup of config.engines)
    engines.push(await createEngine(setup.id, setup.config ?? {}, config.engineBaseDir));
  const cache = config.cache ? new TranscriptCache(config.cacheDir) : undefined;
  const stop = new AbortController();
  const dispatchers = engines.map((engine, i) =>
    createDispatcher(engine, dispatchOptions(config, i, engine, cache, stop.signal)),
  );
  const pool = createDspPool(
    { scenarioFiles: config.scenarios, clips: plan.corpus.clips },
    options.threads,
  );
  const process = unitProcessor(plan, dispatchers, pool);
  const workers = engines.map((engine, i) => {
    const rps = config.engines[i].rps;
    const worker = new Worker<UnitJob, UtteranceRow>(
      engineQueueName(key, i),
      (job) => process(job, i),
      {
        connection: bullConnection(q),
        concurrency: concurrencyOf(config, i, engine),
        lockDuration: options.lockMs,
        stalledInterval: Math.max(500, Math.floor(options.lockMs / 2)),
        maxStalledCount: 3,
        ...(rps !== undefined && {
          limiter: { max: 1, duration: Math.max(1, Math.round(1000 / rps)) },
        }),
      },
    );
    worker.on('error', () => undefined);
    return worker;
  });
  options.say(
    `serving run ${key}: ${plan.clips.length} clips × ${plan.conditions.length} conditions × ${engines.map((e) => e.id).join(', ')}`,
  );
  return {
    async close() {
      stop.abort();
      await Promise.all(workers.map((w) => w.close()));
      await pool.close();
      await Promise.all(engines.map((e) => e.close?.().catch(() => undefined)));
    },
  };
}

/** Does one unit: its clip × condition perturbed (kept for the run's other engines), one call. */
function unitProcessor(plan: RunPlan, dispatchers: readonly Dispatcher[], pool: DspPool) {
  const clips = new Map(plan.clips.map((c) => [c.id, c]));
  const conditions = new Map(plan.conditions.map((c) => [c.name, c]));
  // Every engine's job of a clip × condition needs the same audio: perturb it once.
  const recent = new Map<string, Promise<Perturbed>>();
  const perturbed = (clipId: string, condition: string) => {
    const k = `${condition}|${clipId}`;
    let hit = recent.get(k);
    if (!hit) {
      hit = pool.perturb(clipId, [condition]).then((r) => r[0]);
      hit.catch(() => recent.delete(k));
      recent.set(k, hit);
      if (recent.size > 64) recent.delete(recent.keys().next().value as string);
    }
    return hit;
  };
  return async (job: Job<UnitJob, UtteranceRow>, engine: number): Promise<UtteranceRow> => {
    const clip = clips.get(job.data.clipId);
    const c = conditions.get(job.data.condition);
    const d = dispatchers[engine];
    if (!clip || !c)
      throw new Error(`unit ${job.data.condition}|${job.data.clipId} is not in this worker's plan`);
    const audio = await perturbed(clip.id, c.name);
    if (!audio.ok) return unreadableRow(clip, c, d.engine.id, audio.unreadable);
    const unit = unitKey(c.name, d.engine.id, clip.id);
    const { wav, audioSha256 } = audio;
    const outcome = await d.call({ unit, clipId: clip.id, audio: audio.audio, wav, audioSha256 });
    // Stopped mid-call: not a result; the job goes back to the queue for another worker.
    if (!outcome.ok && outcome.interrupted) throw new Error('worker stopped');
    return unitRow(clip, c, d.engine.id, audio, outcome);
  };
}
