import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Audio } from '../audio/types.js';
import { encodeWav16 } from '../audio/write.js';
import { fsUserError } from '../errors.js';

export const sha256 = (data: string | Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } catch (e) {
    throw fsUserError(e, path);
  }
  return h.digest('hex');
}

/** The hash a run records as `audioSha256`: of the 16-bit PCM sent to the engine (no header). */
export function pcmSha256(audio: Audio): string {
  return sha256(encodeWav16(audio).subarray(44));
}
