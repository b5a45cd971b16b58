import { createHash } from 'node:crypto';
import type { Clip } from '../corpus/types.js';
import { UsageError } from '../errors.js';

/** Slice `index` (1-based) of `count`: what `--shard i/N` asks for. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/N` (1 ≤ i ≤ N); a user error naming the flag otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(
      `--shard ${JSON.stringify(text)}: expected i/N with 1 ≤ i ≤ N, e.g. 1/4 (a Kubernetes Indexed Job passes $((JOB_COMPLETION_INDEX + 1))/N)`,
    );
  return { index, count };
}

/**
 * Which shard (1-based) a clip belongs to: sha256 of its id, so the slice depends neither on
 * the manifest's order nor on the machine. Whole clips go to one shard, so a clip's
 * conditions and engines (the pairs the statistics compare) stay together.
 */
export function shardOfClip(clipId: string, count: number): number {
  const digest = createHash('sha256').update(clipId).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** The clips of `shard`, in their selection order; every clip when there is no shard. */
export function clipsOfShard(clips: readonly Clip[], shard: Shard | undefined): Clip[] {
  if (!shard) return [...clips];
  return clips.filter((c) => shardOfClip(c.id, shard.count) === shard.index);
}
