import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Audio } from './types.js';

/**
 * Encodes mono audio as a canonical 16-bit PCM WAV (a plain 44-byte header, which is what
 * pocketsphinx_batch's `-adchdr 44` expects). Samples beyond full scale are clipped here, at
 * the last moment; the pipeline reports such clipping before it happens.
 */
export function encodeWav16(audio: Audio): Buffer {
  const n = audio.samples.length;
  // Not Buffer.alloc: small allocations come from a shared pool at arbitrary (odd) offsets.
  const buffer = Buffer.from(new ArrayBuffer(44 + 2 * n));
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + 2 * n, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(audio.sampleRate, 24);
  buffer.writeUInt32LE(audio.sampleRate * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(2 * n, 40);
  // WAV is little-endian, as is every platform Node ships for; a typed view writes in bulk.
  const pcm = new Int16Array(buffer.buffer, buffer.byteOffset + 44, n);
  for (let i = 0; i < n; i++) pcm[i] = toInt16(audio.samples[i]);
  return buffer;
}

/** Float sample to 16-bit integer: scaled by 32768, rounded, clipped. */
export function toInt16(x: number): number {
  const v = Math.round(x * 32768);
  return v > 32767 ? 32767 : Math.max(v, -32768);
}

export async function writeWav16(path: string, audio: Audio): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodeWav16(audio));
}
