import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fsUserError } from './errors.js';

/** Hex sha256 of a string or bytes: the one digest run fingerprints and bundles use. */
export const sha256 = (data: string | Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

/** Hex sha256 of a file, streamed; a file that cannot be read is a user error naming it. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } catch (e) {
    throw fsUserError(e, path);
  }
  return h.digest('hex');
}
