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
  const buffer = Buffer.alloc(44 + 2 * n);
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
  for (let i = 0; i < n; i++) buffer.writeInt16LE(toInt16(audio.samples[i]), 44 + 2 * i);
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
