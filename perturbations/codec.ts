import { type Codec, type CodecName, loadCodec } from '../src/codecs/index.js';
import { OPUS_RATES } from '../src/codecs/opus.js';
import { fromInt16, toInt16 } from '../src/codecs/pcm.js';
import type { EncodeSettings } from '../src/codecs/types.js';
import { designBiquad, filterCascade } from '../src/dsp/biquad.js';
import { coloredNoise } from '../src/dsp/colored-noise.js';
import { resampleFromInt16, resampleToInt16 } from '../src/dsp/resample.js';
import { bestLag } from '../src/dsp/xcorr.js';
import { choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';
import { createRng, type Rng } from '../src/rng.js';

/**
 * A real codec round trip at the codec's native rate: the clip is resampled to it, encoded,
 * decoded and resampled back, all in process (src/codecs/). G.711 µ-law/A-law run in
 * TypeScript, bit-exact to the ITU-T G.191 reference; GSM 06.10 (libgsm), AMR-NB (opencore-amr),
 * AMR-WB (vo-amrwbenc + opencore-amr), Speex (libspeex), Opus (libopus) and the MP3 encoder
 * (LAME) are the reference libraries compiled to WebAssembly; MP3 decodes with mpg123.
 * The codec's delay is measured once per configuration by cross-correlating a fixed probe
 * signal with its round trip, and removed, so output is time-aligned and of equal length.
 * AMR modes are discrete: a bitrate between modes is snapped to the nearest (noted as
 * `bitrate`); with `adapt`, a new mode at or below it is drawn every `adapt` seconds.
 */
export const codec = definePerturbation({
  name: 'codec',
  summary: 'Codec round trip: G.711 µ/A-law (G.191-exact), AMR-NB/WB, Opus, Speex, MP3, GSM',
  details:
    'Resampled to the codec rate (G.711, AMR-NB, GSM 8 kHz; AMR-WB, Speex, MP3 16 kHz; Opus at the clip rate when Opus accepts it, else 48 kHz), encoded, decoded, delay-compensated and resampled back. bitrate defaults: AMR-NB 12.2k, AMR-WB 12.65k, Opus 16k, Speex 16k, MP3 32k (ignored by G.711 and GSM). adapt (AMR): draw a mode at or below bitrate for each window of that many seconds, as link adaptation does in a mobile call. bandwidth, frame and complexity apply to Opus only.',
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
    adapt: num({
      unit: 's',
      min: 0.02,
      max: 60,
      optional: true,
      description: 'AMR: a new mode (≤ bitrate, seeded) every this many seconds',
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
    complexity: num({
      unit: 'ratio',
      min: 0,
      max: 10,
      default: 5,
      description: 'Opus encoder complexity 0–10 (5: a phone; 9–10: a desktop)',
    }),
  },
  check: ({ frame, complexity }) => [
    ...([2.5, 5, 10, 20, 40, 60].some((ms) => Math.abs(frame * 1000 - ms) < 1e-6)
      ? []
      : [`Opus frame must be 2.5, 5, 10, 20, 40 or 60 ms, got ${frame * 1000} ms`]),
    ...(Number.isInteger(complexity)
      ? []
      : [`Opus complexity must be a whole number, got ${complexity}`]),
  ],
  async apply(audio, p, { note, rng }) {
    const { samples, sampleRate } = audio;
    const c = await loadCodec(p.name as CodecName);
    const rate = codecRate(c, sampleRate);
    const settings: EncodeSettings = {
      bitrate: snap(p.bitrate ?? c.defaultBitrate, c.modes),
      bandwidth: p.bandwidth,
      frame: p.frame,
      complexity: p.complexity,
    };
    if (c.modes && p.bitrate !== undefined) note('bitrate', settings.bitrate as number);
    // 16-bit PCM straight out of the resampler, and back in: the codecs take and give PCM.
    const input = resampleToInt16(samples, sampleRate, rate);
    const coded: EncodeSettings =
      c.modes && p.adapt !== undefined
        ? {
            ...settings,
            frameBitrates: modeSchedule(
              c,
              settings.bitrate as number,
              p.adapt,
              input.length / rate,
              rng,
            ),
          }
        : settings;
    const stream = c.encode(input, coded, rate);
    note(
      'kbps',
      Math.round(((stream.bytes.length * 8) / (input.length / rate) / 1000) * 100) / 100,
    );
    const decoded = await c.decode(stream, coded, rate);
    const delay = await codecDelay(c, settings, rate);
    const aligned = shift(decoded, delay, input.length);
    return {
      samples: fitLength(resampleFromInt16(aligned, rate, sampleRate), samples.length),
      sampleRate,
    };
  },
});

/** Opus runs at the clip's rate when its API accepts it (no resampling added), else 48 kHz. */
function codecRate(c: Codec, sampleRate: number): number {
  if (c.name === 'opus')
    return (OPUS_RATES as readonly number[]).includes(sampleRate) ? sampleRate : 48000;
  return c.rate;
}

/**
 * AMR link adaptation: one mode per window of `adapt` seconds, drawn uniformly from the modes
 * at or below `ceiling` by the step's seeded generator. Returns a bit rate per 20 ms frame.
 */
function modeSchedule(
  c: Codec,
  ceiling: number,
  adapt: number,
  seconds: number,
  rng: Rng,
): number[] {
  const allowed = (c.modes ?? []).filter((m) => m <= ceiling);
  const frames = Math.ceil(seconds / 0.02);
  const perWindow = Math.max(1, Math.round(adapt / 0.02));
  const out: number[] = [];
  for (let f = 0; f < frames; f += perWindow) {
    const mode = allowed[rng.int(allowed.length)];
    for (let k = f; k < Math.min(frames, f + perWindow); k++) out.push(mode);
  }
  return out;
}

const delays = new Map<string, Promise<number>>();

/**
 * The configuration's delay in samples at `rate`: the cross-correlation peak between a fixed
 * probe (1.5 s of a speech-like signal, the same in every process) and its round trip.
 */
export function codecDelay(c: Codec, s: EncodeSettings, rate: number): Promise<number> {
  const key = JSON.stringify([c.name, c.backend.build, s, rate]);
  let hit = delays.get(key);
  if (!hit) {
    hit = (async () => {
      const probe = delayProbe(rate);
      const back = fromInt16(await c.decode(c.encode(toInt16(probe), s, rate), s, rate));
      return bestLag(probe, back, -Math.round(0.01 * rate), Math.round(0.25 * rate)).lag;
    })();
    hit.catch(() => delays.delete(key));
    delays.set(key, hit);
  }
  return hit;
}

/**
 * Speech-like: a glottal pulse train gliding 100→220 Hz through two formant resonators, plus
 * a little pink noise, syllabically modulated — what speech codecs model well.
 */
function delayProbe(rate: number): Float32Array {
  const n = Math.round(1.5 * rate);
  const pulses = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    phase += (100 + (120 * i) / n) / rate;
    if (phase >= 1) {
      phase -= 1;
      pulses[i] = 1;
    }
  }
  const voiced = filterCascade(pulses, [
    designBiquad('bandpass', 700, rate, 4),
    designBiquad('peaking', 1800, rate, 3, 12),
  ]);
  const hiss = coloredNoise(n, 'pink', createRng('codec-delay-probe'));
  const probe = new Float32Array(n);
  let peak = 0;
  for (let i = 0; i < n; i++) {
    probe[i] =
      (voiced[i] + 0.05 * hiss[i]) * (0.55 + 0.45 * Math.sin((2 * Math.PI * 4 * i) / rate));
    peak = Math.max(peak, Math.abs(probe[i]));
  }
  for (let i = 0; i < n; i++) probe[i] *= 0.3 / peak;
  return probe;
}

function snap(bitrate: number, modes?: readonly number[]): number {
  if (!modes) return bitrate;
  return modes.reduce((best, m) => (Math.abs(m - bitrate) < Math.abs(best - bitrate) ? m : best));
}

/** x advanced by `delay` samples (delayed when negative), cut or zero-padded to `length`. */
function shift(x: Int16Array, delay: number, length: number): Int16Array {
  const out = new Int16Array(length);
  const from = Math.max(0, -delay);
  const to = Math.min(length, x.length - delay);
  if (to > from) out.set(x.subarray(from + delay, to + delay), from);
  return out;
}

function fitLength(x: Float32Array, length: number): Float32Array {
  if (x.length === length) return x;
  const out = new Float32Array(length);
  out.set(x.subarray(0, Math.min(length, x.length)));
  return out;
}
