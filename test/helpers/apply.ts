import type { Audio } from '../../src/audio/types.js';
import { run } from '../perturbations/_speech.js';

/**
 * Applies one kind with explicit values (defaults filled in) to a clip, the way the pipeline
 * does, for tests that measure a single kind.
 */
export async function applyKind(
  kind: string,
  audio: Audio,
  values: Record<string, unknown>,
  seed = 1,
): Promise<Audio> {
  return (await run(kind, audio, values, { seed })).out;
}

export function difference(a: Audio, b: Audio): Float32Array {
  return Float32Array.from(b.samples, (x, i) => x - a.samples[i]);
}
