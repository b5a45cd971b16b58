import { createHash } from 'node:crypto';
import type { RunConfig } from '../run/config.js';

/** Redis keys and queue names of lastmile's queued runs, all under one prefix. */
export const PREFIX = 'lastmile';
/** Set of the run keys that have work queued (workers watch it). */
export const RUNS_KEY = `${PREFIX}:runs`;

/** What a worker needs to do a run's units: the run as resolved on the enqueuing machine. */
export interface QueuedRun {
  readonly key: string;
  /** The RunConfig (paths as on the enqueuing machine: workers need the same files there). */
  readonly config: RunConfig;
}

/** One work unit: a clip under one condition, for one engine (the queue says which engine). */
export interface UnitJob {
  readonly run: string;
  readonly clipId: string;
  readonly condition: string;
}

export function runDescriptionKey(run: string): string {
  return `${PREFIX}:run:${run}`;
}

/**
 * One queue per engine of a run: a worker takes each engine's jobs with that engine's
 * concurrency, and BullMQ's limiter (a per-queue rate shared by every worker) is the engine's
 * rate limit.
 */
export function engineQueueName(run: string, engineIndex: number): string {
  return `${PREFIX}-${run}-e${engineIndex}`;
}

/** A job id from the unit key: adding a unit twice adds one job (BullMQ keeps ids unique). */
export function jobIdOf(unit: string): string {
  return createHash('sha256').update(unit).digest('hex').slice(0, 32);
}

/** A queued run's key: its fingerprint and slice, so the same run resumed finds its queues. */
export function runKeyOf(fingerprint: string, shard?: { index: number; count: number }): string {
  return `${fingerprint.slice(0, 16)}${shard ? `-s${shard.index}of${shard.count}` : ''}`;
}
