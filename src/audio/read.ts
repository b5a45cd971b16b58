import { readFile, stat } from 'node:fs/promises';
import { OfflineAudioContext } from 'node-web-audio-api';
import wavefile from 'wavefile';
import { resample } from '../dsp/resample.js';
import { UserError } from '../errors.js';
import { limitOf, overLimit } from '../input/limits.js';
import { type Audio, DEFAULT_SAMPLE_RATE } from './types.js';

/** A clip that cannot be read: names the file and the reason. */
export class AudioReadError extends UserError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/**
 * Reads any common audio file as mono float samples at `sampleRate` (16 kHz by default).
 * WAV in every PCM layout (8/16/24/32-bit integer, 32/64-bit float, µ-law/A-law, any channel
 * count and rate) is read with wavefile; FLAC, MP3 and Ogg are decoded by node-web-audio-api.
 * Channels are averaged; rates are converted by band-limited resampling.
 */
export async function readAudio(path: string, sampleRate = DEFAULT_SAMPLE_RATE): Promise<Audio> {
  let bytes: Buffer;
  try {
    // Checked before reading: a 20 GB file named .wav must not be read into memory to fail.
    const { size } = await stat(path);
    if (size > limitOf('audioBytes'))
      throw new AudioReadError(
        path,
        overLimit(path, size, 'audioBytes').message.slice(path.length + 2),
      );
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new AudioReadError(
      path,
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder' : String(e),
    );
  }
  if (bytes.length === 0) throw new AudioReadError(path, 'file is empty');
  const decoded = isWav(bytes)
    ? decodeWav(path, bytes)
    : await decodeCompressed(path, bytes, sampleRate);
  if (decoded.samples.length === 0) throw new AudioReadError(path, 'holds no audio samples');
  return {
    samples: resample(decoded.samples, decoded.sampleRate, sampleRate),
    sampleRate,
  };
}

function isWav(bytes: Buffer): boolean {
  return (
    bytes.length >= 12 &&
    (bytes.toString('ascii', 0, 4) === 'RIFF' || bytes.toString('ascii', 0, 4) === 'RIFX') &&
    bytes.toString('ascii', 8, 12) === 'WAVE'
  );
}

function decodeWav(path: string, bytes: Buffer): Audio {
  const declared = declaredDataBytes(bytes);
  if (declared === undefined)
    throw new AudioReadError(path, 'WAV file has no data chunk (truncated?)');
  if (declared.available < declared.size) {
    throw new AudioReadError(
      path,
      `truncated WAV: header declares ${declared.size} bytes of audio, file holds ${declared.available}`,
    );
  }
  const wav = new wavefile.WaveFile();
  try {
    wav.fromBuffer(bytes);
    const fmt = wav.fmt as { audioFormat: number; sampleRate: number; numChannels: number };
    if (fmt.audioFormat === 7) wav.fromMuLaw();
    else if (fmt.audioFormat === 6) wav.fromALaw();
    const bitDepth = wav.bitDepth;
    const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
    const channels =
      Array.isArray(raw) || fmt.numChannels > 1 ? (raw as Float64Array[]) : [raw as Float64Array];
    return { samples: downmix(channels, sampleScale(bitDepth)), sampleRate: fmt.sampleRate };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new AudioReadError(path, `not a readable WAV file (${(e as Error).message})`);
  }
}

/** Multiplier and offset that map a bit depth's integer samples to ±1 floats. */
function sampleScale(bitDepth: string): { scale: number; offset: number } {
  if (bitDepth === '32f' || bitDepth === '64') return { scale: 1, offset: 0 };
  const bits = Number.parseInt(bitDepth, 10);
  if (bits === 8) return { scale: 1 / 128, offset: -128 }; // 8-bit WAV is unsigned
  return { scale: 1 / 2 ** (bits - 1), offset: 0 };
}

function downmix(
  channels: ArrayLike<number>[],
  { scale, offset }: { scale: number; offset: number },
): Float32Array {
  const length = channels[0]?.length ?? 0;
  const out = new Float32Array(length);
  const k = scale / channels.length;
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i] += (channel[i] + offset) * k;
  }
  return out;
}

/** Size of the data chunk the header declares, and how many bytes follow it in the file. */
function declaredDataBytes(bytes: Buffer): { size: number; available: number } | undefined {
  const little = bytes.toString('ascii', 0, 4) === 'RIFF';
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = little ? bytes.readUInt32LE(offset + 4) : bytes.readUInt32BE(offset + 4);
    if (id === 'data') return { size, available: bytes.length - offset - 8 };
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

async function decodeCompressed(path: string, bytes: Buffer, sampleRate: number): Promise<Audio> {
  // decodeAudioData returns audio at the context's rate (Web Audio spec), so decode straight
  // to the working rate; the context's own length is irrelevant for decoding.
  const context = new OfflineAudioContext(1, 1, sampleRate);
  let buffer: AudioBuffer;
  try {
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    buffer = await context.decodeAudioData(copy as ArrayBuffer);
  } catch (e) {
    throw new AudioReadError(
      path,
      `not a recognised audio file (${(e as Error).message || 'decode failed'})`,
    );
  }
  const channels: Float32Array[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c++) channels.push(buffer.getChannelData(c));
  return { samples: downmix(channels, { scale: 1, offset: 0 }), sampleRate: buffer.sampleRate };
}
