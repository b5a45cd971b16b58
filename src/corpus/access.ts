import { readAudio } from '../audio/read.js';
import { type Audio, DEFAULT_SAMPLE_RATE } from '../audio/types.js';
import type { Clip, CorpusAccess } from './types.js';

/** How a clip's audio is obtained on a miss: decoded here by default, or asked of another thread. */
export type ClipReader = (clip: Clip, sampleRate: number) => Promise<Audio>;

const decode: ClipReader = (clip, sampleRate) => readAudio(clip.audioPath, sampleRate);

/**
 * Decoded clips kept by default: 16 MiB of samples (~80 clips of 3 s). Babble draws talkers at
 * random from the whole corpus, so a hit saves a decode and a talker measurement (babble
 * caches those per decoded clip); a limit in bytes rather than clips keeps a corpus of long
 * recordings from holding hundreds of MB in every worker thread.
 */
export const DEFAULT_BUDGET = 16 * 1024 * 1024;

/**
 * Lets perturbations read other clips of the corpus (babble mixes other speakers), decoded on
 * demand at the working rate. Decoded clips are kept in a small LRU, bounded in bytes, so
 * memory stays flat however large the corpus is. The one implementation `run` and `perturb`
 * share (the pool's threads read through one shared store: src/run/pool/clip-channel.ts).
 * Nothing per clip is copied: `clips` is the array given, and the index by id is built
 * on the first load (only kinds that mix in other clips load any).
 */
export function corpusAccess(
  clips: readonly Clip[],
  sampleRate = DEFAULT_SAMPLE_RATE,
  budgetBytes = DEFAULT_BUDGET,
  read: ClipReader = decode,
): CorpusAccess {
  let byId: Map<string, Clip> | undefined;
  // Insertion order is recency; `bytes` counts the clips decoded so far (0 while loading).
  const cache = new Map<string, { audio: Promise<Audio>; bytes: number }>();
  let held = 0;
  const evict = () => {
    for (const [id, entry] of cache) {
      if (held <= budgetBytes || cache.size <= 1) return;
      cache.delete(id);
      held -= entry.bytes;
    }
  };
  return {
    clips,
    load(id) {
      const hit = cache.get(id);
      if (hit) {
        cache.delete(id);
        cache.set(id, hit);
        return hit.audio;
      }
      byId ??= new Map(clips.map((c) => [c.id, c]));
      const clip = byId.get(id);
      if (!clip) return Promise.reject(new Error(`no clip "${id}" in the corpus`));
      const entry = { audio: read(clip, sampleRate), bytes: 0 };
      cache.set(id, entry);
      entry.audio.then(
        (audio) => {
          if (cache.get(id) !== entry) return;
          entry.bytes = audio.samples.byteLength;
          held += entry.bytes;
          evict();
        },
        () => cache.get(id) === entry && cache.delete(id),
      );
      return entry.audio;
    },
  };
}
