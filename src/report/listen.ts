import type { Audio } from '../audio/types.js';
import { toInt16 } from '../audio/write.js';
import { loadCodec } from '../codecs/index.js';

/** Audio compressed for a person to listen to in the report, with its MIME type. */
export interface ListenableAudio {
  readonly mime: string;
  readonly bytes: Buffer;
  /** e.g. `MP3 32 kbit/s`: stated beside the players, because the engine heard lossless PCM. */
  readonly codec: string;
}

// 32 kbit/s mono keeps 16 kHz speech clear enough to hear what went wrong, at ≈ 4 kB a second,
// so a report with a dozen example pairs stays well under a megabyte of audio.
const BITRATE = 32_000;

/**
 * Compresses a clip for the report's players with the in-process MP3 codec (LAME, src/codecs):
 * MP3 frames are self-delimiting, so the bitstream is a file every browser plays.
 */
export async function encodeForListening(audio: Audio): Promise<ListenableAudio> {
  const codec = await loadCodec('mp3');
  const pcm = Int16Array.from(audio.samples, toInt16);
  const stream = codec.encode(pcm, { bitrate: BITRATE }, audio.sampleRate);
  return {
    mime: 'audio/mpeg',
    bytes: Buffer.from(stream.bytes.buffer, stream.bytes.byteOffset, stream.bytes.byteLength),
    codec: `MP3 ${BITRATE / 1000} kbit/s (LAME)`,
  };
}
