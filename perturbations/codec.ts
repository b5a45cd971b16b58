import { designBiquad, filterCascade } from '../src/dsp/biquad.js';
import { coloredNoise } from '../src/dsp/colored-noise.js';
import { fromS16le, requireEncoder, runFfmpeg, toS16le } from '../src/dsp/ffmpeg.js';
import { g711RoundTrip } from '../src/dsp/g711.js';
import { resample } from '../src/dsp/resample.js';
import { bestLag } from '../src/dsp/xcorr.js';
import { choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';
import { createRng } from '../src/rng.js';

/**
 * A real codec round trip at the codec's native rate: the clip is resampled to it, encoded,
 * decoded and resampled back. G.711 µ-law/A-law run in TypeScript, bit-exact to the ITU-T G.191
 * reference (src/dsp/g711.ts). The others run through ffmpeg (`@ffmpeg-installer/ffmpeg` or
 * FFMPEG_PATH) over pipes: AMR-NB (libopencore_amrnb, 8 kHz, 4.75–12.2 kbit/s), AMR-WB
 * (libvo_amrwbenc, 16 kHz, 6.6–23.85 kbit/s), Opus (libopus, 48 kHz, bitrate, bandwidth, frame
 * size, VoIP mode), Speex (libspeex, 16 kHz wideband), MP3 (libmp3lame, 16 kHz) and GSM 06.10
 * (libgsm, 8 kHz) when the binary has it — otherwise a clear error naming the encoder.
 * The codec's delay is measured once per configuration by cross-correlating a fixed probe
 * signal with its round trip, and removed, so output is time-aligned and of equal length.
 * AMR modes are discrete: a bitrate between modes is snapped to the nearest (noted as `bitrate`).
 */
const AMR_NB = [4750, 5150, 5900, 6700, 7400, 7950, 10200, 12200];
const AMR_WB = [6600, 8850, 12650, 14250, 15850, 18250, 19850, 23050, 23850];
const OPUS_CUTOFF = {
  narrowband: 4000,
  mediumband: 6000,
  wideband: 8000,
  superwideband: 12000,
  fullband: 20000,
} as const;

type CodecName = 'g711-ulaw' | 'g711-alaw' | 'amr-nb' | 'amr-wb' | 'opus' | 'speex' | 'mp3' | 'gsm';

interface FfmpegCodec {
  readonly rate: number;
  readonly encoder: string;
  readonly format: string;
  readonly defaultBitrate: number;
  readonly modes?: readonly number[];
}

const FFMPEG_CODECS: Record<Exclude<CodecName, 'g711-ulaw' | 'g711-alaw'>, FfmpegCodec> = {
  'amr-nb': {
    rate: 8000,
    encoder: 'libopencore_amrnb',
    format: 'amr',
    defaultBitrate: 12200,
    modes: AMR_NB,
  },
  'amr-wb': {
    rate: 16000,
    encoder: 'libvo_amrwbenc',
    format: 'amr',
    defaultBitrate: 12650,
    modes: AMR_WB,
  },
  opus: { rate: 48000, encoder: 'libopus', format: 'ogg', defaultBitrate: 16000 },
  speex: { rate: 16000, encoder: 'libspeex', format: 'ogg', defaultBitrate: 16000 },
  mp3: { rate: 16000, encoder: 'libmp3lame', format: 'mp3', defaultBitrate: 32000 },
  gsm: { rate: 8000, encoder: 'libgsm', format: 'gsm', defaultBitrate: 13000 },
};

export const codec = definePerturbation({
  name: 'codec',
  summary: 'Codec round trip: G.711 µ/A-law (G.191-exact), AMR-NB/WB, Opus, Speex, MP3, GSM',
  details:
    'Resampled to the codec rate (G.711, AMR-NB, GSM 8 kHz; AMR-WB, Speex, MP3 16 kHz; Opus 48 kHz), encoded, decoded, delay-compensated and resampled back. bitrate defaults: AMR-NB 12.2k, AMR-WB 12.65k, Opus 16k, Speex 16k, MP3 32k (ignored by G.711 and GSM). bandwidth and frame apply to Opus only.',
  params: {
    name: choice({
      values: ['g711-ulaw', 'g711-alaw', 'amr-nb', 'amr-wb', 'opus', 'speex', 'mp3', 'gsm'],
      default: 'g711-ulaw',
      description: 'Codec',
    }),
    bitrate: num({
      unit: 'bit/s',
      min: 2000,
      max: 320000,
      optional: true,
      description: 'Target bitrate (codec default when absent; AMR snaps to its modes)',
    }),
    bandwidth: choice({
      values: ['narrowband', 'mediumband', 'wideband', 'superwideband', 'fullband'],
      default: 'wideband',
      description: 'Opus audio bandwidth (4, 6, 8, 12, 20 kHz)',
    }),
    frame: num({
      unit: 's',
      min: 0.0025,
      max: 0.06,
      default: 0.02,
      description: 'Opus frame duration (2.5, 5, 10, 20, 40 or 60 ms)',
    }),
  },
  check: ({ frame }) =>
    [2.5, 5, 10, 20, 40, 60].some((ms) => Math.abs(frame * 1000 - ms) < 1e-6)
      ? []
      : [`Opus frame must be 2.5, 5, 10, 20, 40 or 60 ms, got ${frame * 1000} ms`],
  async apply(audio, p, { note }) {
    const { samples, sampleRate } = audio;
    if (p.name === 'g711-ulaw' || p.name === 'g711-alaw') {
      const narrow = resample(samples, sampleRate, 8000);
      const coded = g711RoundTrip(narrow, p.name === 'g711-ulaw' ? 'ulaw' : 'alaw');
      return { samples: fitLength(resample(coded, 8000, sampleRate), samples.length), sampleRate };
    }
    const spec = FFMPEG_CODECS[p.name];
    await requireEncoder(spec.encoder, p.name);
    const bitrate = snap(p.bitrate ?? spec.defaultBitrate, spec.modes);
    if (spec.modes) note('bitrate', bitrate);
    const config = { ...p, bitrate };
    const input = resample(samples, sampleRate, spec.rate);
    const { decoded, bytes } = await roundTrip(input, spec, config);
    note('kbps', Math.round(((bytes * 8) / (input.length / spec.rate) / 1000) * 100) / 100);
    const delay = await codecDelay(spec, config);
    const aligned = shift(decoded, delay, input.length);
    return {
      samples: fitLength(resample(aligned, spec.rate, sampleRate), samples.length),
      sampleRate,
    };
  },
});

interface Config {
  readonly name: string;
  readonly bitrate: number;
  readonly bandwidth: keyof typeof OPUS_CUTOFF;
  readonly frame: number;
}

function encoderArgs(spec: FfmpegCodec, c: Config): string[] {
  const args = ['-c:a', spec.encoder];
  if (spec.encoder !== 'libgsm') args.push('-b:a', String(c.bitrate));
  if (spec.encoder === 'libopus') {
    args.push('-application', 'voip', '-cutoff', String(OPUS_CUTOFF[c.bandwidth]));
    args.push('-frame_duration', String(c.frame * 1000));
  }
  return args;
}

/** Encodes and decodes `input` (at the codec rate); returns decoded samples and payload size. */
export async function roundTrip(
  input: Float32Array,
  spec: FfmpegCodec,
  c: Config,
): Promise<{ decoded: Float32Array; bytes: number }> {
  const pcm = ['-f', 's16le', '-ar', String(spec.rate), '-ac', '1'];
  const encoded = await runFfmpeg(
    [...pcm, '-i', 'pipe:0', ...encoderArgs(spec, c), '-f', spec.format, 'pipe:1'],
    toS16le(input),
  );
  const decoded = await runFfmpeg(['-f', spec.format, '-i', 'pipe:0', ...pcm, 'pipe:1'], encoded);
  return { decoded: fromS16le(decoded), bytes: encoded.length };
}

const delays = new Map<string, Promise<number>>();

/**
 * The configuration's delay in samples at its rate: the cross-correlation peak between a fixed
 * probe (1.5 s of amplitude-modulated pink noise, the same in every process) and its round trip.
 */
export function codecDelay(spec: FfmpegCodec, c: Config): Promise<number> {
  const key = JSON.stringify([spec.encoder, c.bitrate, c.bandwidth, c.frame]);
  let hit = delays.get(key);
  if (!hit) {
    hit = (async () => {
      const n = Math.round(1.5 * spec.rate);
      // Speech-like: a glottal pulse train gliding 100→220 Hz through two formant resonators,
      // plus a little pink noise, syllabically modulated — what speech codecs model well.
      const pulses = new Float32Array(n);
      let phase = 0;
      for (let i = 0; i < n; i++) {
        phase += (100 + (120 * i) / n) / spec.rate;
        if (phase >= 1) {
          phase -= 1;
          pulses[i] = 1;
        }
      }
      const voiced = filterCascade(pulses, [
        designBiquad('bandpass', 700, spec.rate, 4),
        designBiquad('peaking', 1800, spec.rate, 3, 12),
      ]);
      const hiss = coloredNoise(n, 'pink', createRng('codec-delay-probe'));
      const probe = new Float32Array(n);
      let peak = 0;
      for (let i = 0; i < n; i++) {
        probe[i] =
          (voiced[i] + 0.05 * hiss[i]) *
          (0.55 + 0.45 * Math.sin((2 * Math.PI * 4 * i) / spec.rate));
        peak = Math.max(peak, Math.abs(probe[i]));
      }
      for (let i = 0; i < n; i++) probe[i] *= 0.3 / peak;
      const { decoded } = await roundTrip(probe, spec, c);
      return bestLag(probe, decoded, -Math.round(0.01 * spec.rate), Math.round(0.25 * spec.rate))
        .lag;
    })();
    hit.catch(() => delays.delete(key));
    delays.set(key, hit);
  }
  return hit;
}

function snap(bitrate: number, modes?: readonly number[]): number {
  if (!modes) return bitrate;
  return modes.reduce((best, m) => (Math.abs(m - bitrate) < Math.abs(best - bitrate) ? m : best));
}

/** x advanced by `delay` samples (delayed when negative), cut or zero-padded to `length`. */
function shift(x: Float32Array, delay: number, length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const j = i + delay;
    if (j >= 0 && j < x.length) out[i] = x[j];
  }
  return out;
}

function fitLength(x: Float32Array, length: number): Float32Array {
  if (x.length === length) return x;
  const out = new Float32Array(length);
  out.set(x.subarray(0, Math.min(length, x.length)));
  return out;
}
