import { groupLabel } from '../text/group-label.js';
import type { Clip } from './types.js';

/**
 * What `--limit N` means, in `run` and `perturb` alike: the first N clips taken round-robin
 * over the groups (by the `groupBy` label, in order of first appearance), so a small selection
 * still covers every group. Order within a group keeps the manifest's. Deterministic: the
 * same manifest and limit give the same clips.
 */
export function limitClips(
  clips: readonly Clip[],
  limit: number | undefined,
  groupBy: string | undefined,
): Clip[] {
  if (limit === undefined || limit >= clips.length) return [...clips];
  const groups = new Map<string, Clip[]>();
  for (const clip of clips) {
    const g = groupBy ? groupLabel(clip.labels, groupBy) : '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(clip);
  }
  const queues = [...groups.values()];
  const picked: Clip[] = [];
  for (let i = 0; picked.length < limit; i++) {
    for (const q of queues) {
      if (i < q.length && picked.length < limit) picked.push(q[i]);
    }
  }
  return picked;
}
