import type { Audio } from '../audio/types.js';
import { encodeWav16 } from '../audio/write.js';
import { sha256 } from '../hash.js';

export { sha256, sha256File } from '../hash.js';

/** The hash a run records as `audioSha256`: of the 16-bit PCM sent to the engine (no header). */
export function pcmSha256(audio: Audio): string {
  return sha256(encodeWav16(audio).subarray(44));
}
