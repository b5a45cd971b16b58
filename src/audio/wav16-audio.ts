import type { Audio } from './types.js';

/** The header `encodeWav16` writes (src/audio/write.ts): a plain 44 bytes. */
const HEADER = 44;

/**
 * The audio a canonical 16-bit WAV of `encodeWav16` holds: its rate from the header, its
 * samples (int16 / 32768) decoded on first read and kept. A run's pool threads send only the
 * WAV to the main thread; the float samples an engine may read are then exactly what the WAV
 * carries and the cache key hashes, whichever thread perturbed the clip.
 */
export function wav16Audio(wav: Uint8Array): Audio {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const sampleRate = view.getUint32(24, true);
  let samples: Float32Array | undefined;
  return {
    sampleRate,
    get samples() {
      if (!samples) {
        const n = (wav.byteLength - HEADER) >> 1;
        samples = new Float32Array(n);
        for (let i = 0; i < n; i++) samples[i] = view.getInt16(HEADER + 2 * i, true) / 32768;
      }
      return samples;
    },
  };
}

/** Seconds of audio in such a WAV, without decoding it. */
export function wav16Seconds(wav: Uint8Array): number {
  const rate = new DataView(wav.buffer, wav.byteOffset, wav.byteLength).getUint32(24, true);
  return (wav.byteLength - HEADER) / 2 / rate;
}
