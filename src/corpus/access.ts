import { readAudio } from '../audio/read.js';
import { type Audio, DEFAULT_SAMPLE_RATE } from '../audio/types.js';
import type { Clip, CorpusAccess } from './types.js';

/**
 * Lets perturbations read other clips of the corpus (babble mixes other speakers), decoded on
 * demand at the working rate. Decoded clips are kept in a small LRU so memory stays flat
 * however large the corpus is. The one implementation `run` and `perturb` share. Nothing per
 * clip is copied: `clips` is the array given, and the index by id is built on the first
 * load (only kinds that mix in other clips load any).
 */
export function corpusAccess(
  clips: readonly Clip[],
  sampleRate = DEFAULT_SAMPLE_RATE,
  capacity = 128,
): CorpusAccess {
  let byId: Map<string, Clip> | undefined;
  const cache = new Map<string, Promise<Audio>>();
  return {
    clips,
    load(id) {
      const hit = cache.get(id);
      if (hit) {
        cache.delete(id);
        cache.set(id, hit);
        return hit;
      }
      byId ??= new Map(clips.map((c) => [c.id, c]));
      const clip = byId.get(id);
      if (!clip) return Promise.reject(new Error(`no clip "${id}" in the corpus`));
      const loading = readAudio(clip.audioPath, sampleRate);
      cache.set(id, loading);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return loading;
    },
  };
}
