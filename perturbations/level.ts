import { type AudioBuffer, OfflineAudioContext } from 'node-web-audio-api';
import { activeSpeechLevel, fromDb, peak, rms, toDb } from '../src/audio/levels.js';
import { bool, choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Level handling on the capture path. `normalize` scales the clip so its level reads `target`
 * dBFS, the level being the P.56 active speech level, whole-clip RMS or the sample peak
 * (`reference`). `agc` runs the clip through node-web-audio-api's DynamicsCompressorNode in an
 * OfflineAudioContext (the Web Audio compressor: `threshold`, `ratio`, `knee`, `attack`,
 * `release`), as a phone's or conferencing app's automatic gain control would. The node's
 * look-ahead latency is measured once per configuration with an impulse and removed, so output
 * stays time-aligned; its automatic make-up gain (Web Audio: (1/full-range gain)^0.6) is removed
 * too unless `makeup` is true, so speech below the threshold passes at unity gain.
 */
/** Normalising gain past which a clip is taken for near silence and a warning is noted. */
export const LARGE_GAIN_DB = 40;

export const level = definePerturbation({
  name: 'level',
  summary: 'Normalise to a level (dBFS) or compress like an AGC (Web Audio compressor)',
  details:
    'normalize: gain so the level (P.56 active, RMS or peak) equals target dBFS. agc: DynamicsCompressorNode (node-web-audio-api) with threshold/ratio/knee/attack/release; latency measured and removed; automatic make-up gain removed unless makeup: true.',
  params: {
    mode: choice({
      values: ['normalize', 'agc'],
      default: 'normalize',
      description: 'Static normalisation or dynamic compression',
    }),
    target: num({
      unit: 'dBFS',
      min: -80,
      max: 0,
      default: -26,
      description: 'normalize: level to reach',
    }),
    reference: choice({
      values: ['active', 'rms', 'peak'],
      default: 'active',
      description: 'normalize: P.56 active level, whole-clip RMS or sample peak',
    }),
    threshold: num({
      unit: 'dBFS',
      min: -100,
      max: 0,
      default: -30,
      description: 'agc: level above which gain is reduced',
    }),
    ratio: num({
      unit: 'ratio',
      min: 1,
      max: 20,
      default: 4,
      description: 'agc: input dB per output dB above the threshold',
    }),
    knee: num({ unit: 'dB', min: 0, max: 40, default: 6, description: 'agc: soft-knee width' }),
    attack: num({ unit: 's', min: 0, max: 1, default: 0.003, description: 'agc: attack time' }),
    release: num({ unit: 's', min: 0, max: 1, default: 0.25, description: 'agc: release time' }),
    makeup: bool({
      default: false,
      description: 'agc: keep the Web Audio automatic make-up gain',
    }),
  },
  async apply(audio, p, { note }) {
    const { samples, sampleRate } = audio;
    if (p.mode === 'normalize') {
      const current =
        p.reference === 'active'
          ? activeSpeechLevel(samples, sampleRate).level
          : p.reference === 'rms'
            ? rms(samples)
            : peak(samples);
      const out = samples.slice();
      if (current === 0) return { samples: out, sampleRate };
      const g = fromDb(p.target) / current;
      for (let i = 0; i < out.length; i++) out[i] *= g;
      const gainDb = Math.round(toDb(g) * 100) / 100;
      note('gain', gainDb);
      // A gain this large means the clip is near silence: what gets raised is its noise floor.
      if (gainDb > LARGE_GAIN_DB)
        note(
          'warning',
          `normalising raised the clip by ${gainDb} dB (more than ${LARGE_GAIN_DB} dB): it is near silence, so its noise floor was raised with it`,
        );
      return { samples: out, sampleRate };
    }
    const { delay, gain } = await compressorCalibration(p, sampleRate);
    const rendered = await renderCompressor(samples, sampleRate, p, samples.length + delay);
    // Straight from the rendered buffer (getChannelData is a view of it, no copy) into the
    // result, past the latency, with the make-up removed and the peak taken in the same pass:
    // slicing the channel data twice, then scaling, then the pipeline's peak check were four.
    const channel = rendered.getChannelData(0);
    const out = new Float32Array(samples.length);
    const g = p.makeup ? 1 : 1 / gain;
    let max = 0;
    for (let i = 0; i < out.length; i += COPY_CHUNK)
      max = copyScaled(channel, delay, out, i, Math.min(out.length, i + COPY_CHUNK), g, max);
    return { samples: out, sampleRate, peak: max };
  },
});

const COPY_CHUNK = 16384;

/**
 * out[i] = from[offset + i] · g for i in [start, end), rounded to float32 as `out[i] *= g`
 * rounded it (a plain copy when g is 1); returns max(peak, max |out[i]|). A chunk per call,
 * so that each call is optimised as a whole.
 */
function copyScaled(
  from: Float32Array,
  offset: number,
  out: Float32Array,
  start: number,
  end: number,
  g: number,
  peak: number,
): number {
  let max = peak;
  for (let i = start; i < end; i++) {
    const v = g === 1 ? from[offset + i] : Math.fround(from[offset + i] * g);
    out[i] = v;
    const a = Math.abs(v);
    if (a > max) max = a;
  }
  return max;
}

interface CompressorSettings {
  threshold: number;
  ratio: number;
  knee: number;
  attack: number;
  release: number;
}

async function renderCompressor(
  samples: Float32Array,
  sampleRate: number,
  s: CompressorSettings,
  length: number,
): Promise<AudioBuffer> {
  const ctx = new OfflineAudioContext(1, Math.max(1, length), sampleRate);
  const buffer = ctx.createBuffer(1, Math.max(1, samples.length), sampleRate);
  buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  const comp = ctx.createDynamicsCompressor();
  comp.threshold.value = s.threshold;
  comp.ratio.value = s.ratio;
  comp.knee.value = s.knee;
  comp.attack.value = s.attack;
  comp.release.value = s.release;
  source.connect(comp);
  comp.connect(ctx.destination);
  source.start();
  return ctx.startRendering();
}

const calibrations = new Map<string, Promise<{ delay: number; gain: number }>>();

/**
 * Latency (samples) and small-signal gain (the automatic make-up) of a compressor setting,
 * from an impulse 40 dB under the knee's lower edge after a second of silence.
 */
export function compressorCalibration(
  s: CompressorSettings,
  sampleRate: number,
): Promise<{ delay: number; gain: number }> {
  const key = JSON.stringify([sampleRate, s.threshold, s.ratio, s.knee, s.attack, s.release]);
  let hit = calibrations.get(key);
  if (!hit) {
    hit = (async () => {
      const at = sampleRate;
      const probe = new Float32Array(2 * sampleRate);
      const amplitude = fromDb(Math.max(-140, s.threshold - s.knee / 2 - 40));
      probe[at] = amplitude;
      const out = (await renderCompressor(probe, sampleRate, s, probe.length)).getChannelData(0);
      let best = at;
      for (let i = at; i < out.length; i++) if (Math.abs(out[i]) > Math.abs(out[best])) best = i;
      return { delay: best - at, gain: out[best] / amplitude };
    })();
    calibrations.set(key, hit);
  }
  return hit;
}
