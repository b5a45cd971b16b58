import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, Queue } from 'bullmq';
import { redact } from '../engines/secrets.js';
import type { Engine } from '../engines/types.js';
import { UserError } from '../errors.js';
import { unitKey, utteranceRowSchema } from '../results/row.js';
import { failedRow } from '../run/clip.js';
import type { RunConfig } from '../run/config.js';
import type { RemoteSession } from '../run/execute.js';
import type { RunPlan } from '../run/plan.js';
import { bullConnection, checkReachable, type QueueUrl, redisClient } from './connection.js';
import {
  engineQueueName,
  jobIdOf,
  type QueuedRun,
  RUNS_KEY,
  runDescriptionKey,
  runKeyOf,
  type UnitJob,
} from './jobs.js';

/** BullMQ's retries of a job whose worker failed or died (engine retries happen inside a job). */
const JOB_ATTEMPTS = 3;
const BATCH = 500;

/**
 * Enqueues the run's units not yet done on one BullMQ queue per engine and records the rows
 * `lastmile worker` processes return, until every planned unit has a row (or the run is
 * interrupted: what is queued stays queued, and the same command resumes collecting).
 *
 * Delivery is at least once — a job whose worker dies is taken up again once its lock expires —
 * and recording is idempotent: a unit's row is written the first time it comes back and any
 * later copy is dropped, so a unit finished twice is recorded once.
 */
export async function runUnitsOnQueue(
  q: QueueUrl,
  run: { config: RunConfig; plan: RunPlan; engines: readonly Engine[]; fingerprint: string },
  session: RemoteSession,
): Promise<void> {
  await checkReachable(q);
  const { config, plan, engines } = run;
  const key = runKeyOf(run.fingerprint, plan.shard);
  const client = redisClient(q);
  const connection = bullConnection(q);
  const queues = engines.map((_, i) => new Queue(engineQueueName(key, i), { connection }));
  try {
    const description = JSON.stringify({ key, config } satisfies QueuedRun);
    if (redact(description) !== description)
      throw new UserError('the run configuration holds a secret; it is not put on the queue');
    await client.set(runDescriptionKey(key), description);
    await client.sadd(RUNS_KEY, key);
    const queued = await enqueue(queues, plan, engines, key, session);
    session.say(
      `queue ${q.shown}: ${queued} units enqueued for run ${key}; start workers with lastmile worker --queue ${q.shown}`,
    );
    await collect(queues, plan, engines, session);
    if (!session.signal.aborted) {
      await Promise.all(queues.map((queue) => queue.obliterate({ force: true })));
      await client.srem(RUNS_KEY, key);
      await client.del(runDescriptionKey(key));
    }
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
    client.disconnect();
  }
}

async function enqueue(
  queues: readonly Queue[],
  plan: RunPlan,
  engines: readonly Engine[],
  run: string,
  session: RemoteSession,
): Promise<number> {
  let count = 0;
  const batches: { name: string; data: UnitJob; opts: object }[][] = engines.map(() => []);
  const flush = async (i: number) => {
    if (batches[i].length) await queues[i].addBulk(batches[i]);
    count += batches[i].length;
    batches[i] = [];
  };
  for (const clip of plan.clips)
    for (const c of plan.conditions)
      for (const [i, engine] of engines.entries()) {
        if (session.isDone(c.name, engine.id, clip.id)) continue;
        batches[i].push({
          name: 'unit',
          data: { run, clipId: clip.id, condition: c.name },
          opts: {
            jobId: jobIdOf(unitKey(c.name, engine.id, clip.id)),
            attempts: JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: 1000 },
          },
        });
        if (batches[i].length >= BATCH) await flush(i);
      }
  for (let i = 0; i < engines.length; i++) await flush(i);
  return count;
}

/** Polls each engine's queue for finished jobs, records their rows once, and removes them. */
async function collect(
  queues: readonly Queue[],
  plan: RunPlan,
  engines: readonly Engine[],
  session: RemoteSession,
): Promise<void> {
  const clips = new Map(plan.clips.map((c) => [c.id, c]));
  const conditions = new Map(plan.conditions.map((c) => [c.name, c]));
  const left = () => {
    let n = 0;
    for (const clip of plan.clips)
      for (const c of plan.conditions)
        for (const e of engines) if (!session.isDone(c.name, e.id, clip.id)) n++;
    return n;
  };
  let remaining = left();
  let warned = false;
  const started = Date.now();
  while (remaining > 0 && !session.signal.aborted) {
    let got = 0;
    for (const [i, queue] of queues.entries()) {
      const engine = engines[i].id;
      for (const job of (await queue.getCompleted(0, 199)) as Job<UnitJob, unknown>[]) {
        const parsed = utteranceRowSchema.safeParse(job.returnvalue);
        const row = parsed.success ? parsed.data : undefined;
        if (row && row.engine === engine && !session.isDone(row.condition, engine, row.id)) {
          session.record(row);
          remaining--;
        }
        got++;
        await job.remove();
      }
      for (const job of (await queue.getFailed(0, 199)) as Job<UnitJob, unknown>[]) {
        const clip = clips.get(job.data.clipId);
        const c = conditions.get(job.data.condition);
        if (clip && c && !session.isDone(c.name, engine, clip.id)) {
          const reason = redact(job.failedReason ?? 'unknown');
          session.record(failedRow(clip, c, engine, `worker failed: ${reason}`, job.attemptsMade));
          remaining--;
        }
        got++;
        await job.remove();
      }
    }
    if (got === 0) {
      if (!warned && Date.now() - started > 10_000) {
        const workers = await queues[0].getWorkersCount();
        if (workers === 0)
          session.say('no worker is serving this queue yet: start one with lastmile worker');
        warned = true;
      }
      await sleep(200, undefined, { signal: session.signal }).catch(() => undefined);
    }
  }
}
