import { readAudio } from '../audio/read.js';
import { type Audio, DEFAULT_SAMPLE_RATE } from '../audio/types.js';
import type { Clip, CorpusAccess } from './types.js';

/**
 * Lets perturbations read other clips of the corpus (babble mixes other speakers), decoded on
 * demand at the working rate. Decoded clips are kept in a small LRU so memory stays flat
 * however large the corpus is. The one implementation `run` and `perturb` share.
 */
export function corpusAccess(
  clips: readonly Clip[],
  sampleRate = DEFAULT_SAMPLE_RATE,
  capacity = 128,
): CorpusAccess {
  const byId = new Map(clips.map((c) => [c.id, c]));
  const cache = new Map<string, Promise<Audio>>();
  return {
    clips: clips.map((c) => ({ id: c.id, speaker: c.speaker })),
    load(id) {
      const hit = cache.get(id);
      if (hit) {
        cache.delete(id);
        cache.set(id, hit);
        return hit;
      }
      const clip = byId.get(id);
      if (!clip) return Promise.reject(new Error(`no clip "${id}" in the corpus`));
      const loading = readAudio(clip.audioPath, sampleRate);
      cache.set(id, loading);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return loading;
    },
  };
}
