import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { readAudio } from '../audio/read.js';
import type { Audio } from '../audio/types.js';
import { UserError } from '../errors.js';

const AUDIO_EXTENSIONS = new Set(['.wav', '.flac', '.mp3', '.ogg', '.oga']);

/**
 * The audio files a path stands for: the file itself, or every audio file directly inside a
 * folder, sorted by name so a seeded pick is the same on every machine.
 */
export async function audioFilesAt(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new UserError(`${path}: file or folder not found`);
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path))
    .filter((n) => AUDIO_EXTENSIONS.has(extname(n).toLowerCase()))
    .sort();
  if (names.length === 0) {
    throw new UserError(
      `${path}: folder holds no audio files (${[...AUDIO_EXTENSIONS].join(', ')})`,
    );
  }
  return names.map((n) => join(path, n));
}

const cache = new Map<string, Promise<Audio>>();

/**
 * A recorded file decoded at `sampleRate`, kept for the life of the process: beds and impulse
 * responses are small and reused by every clip. Decoding is deterministic, so caching cannot
 * change results.
 */
export function readCached(path: string, sampleRate: number): Promise<Audio> {
  const key = `${sampleRate}:${path}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = readAudio(path, sampleRate);
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return hit;
}
