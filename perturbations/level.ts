import { activeSpeechLevel, fromDb, peak, rms, toDb } from '../src/audio/levels.js';
import { compress, compressorMakeup } from '../src/dsp/compressor.js';
import { bool, choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Level handling on the capture path. `normalize` scales the clip so its level reads `target`
 * dBFS, the level being the P.56 active speech level, whole-clip RMS or the sample peak
 * (`reference`). `agc` runs the clip through the Web Audio DynamicsCompressorNode (`threshold`,
 * `ratio`, `knee`, `attack`, `release`) as node-web-audio-api renders it, computed by
 * src/dsp/compressor.ts without an audio graph, as a phone's or conferencing app's automatic
 * gain control would. The node's look-ahead latency is removed, so output stays time-aligned;
 * its automatic make-up gain (Web Audio: (1/full-range gain)^0.6) is removed too unless `makeup`
 * is true, so speech below the threshold passes at unity gain.
 */
/** Normalising gain past which a clip is taken for near silence and a warning is noted. */
export const LARGE_GAIN_DB = 40;

export const level = definePerturbation({
  name: 'level',
  summary: 'Normalise to a level (dBFS) or compress like an AGC (Web Audio compressor)',
  details:
    'normalize: gain so the level (P.56 active, RMS or peak) equals target dBFS. agc: the Web Audio DynamicsCompressorNode (as node-web-audio-api renders it) with threshold/ratio/knee/attack/release; its look-ahead latency removed; automatic make-up gain removed unless makeup: true.',
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
    // The node's make-up, 10^(make-up dB / 20), multiplies every sample: dividing it out leaves
    // speech below the threshold (the detector at rest) at unity gain.
    const scale = p.makeup ? 1 : 1 / compressorMakeup(p, sampleRate);
    return { ...compress(samples, p, sampleRate, scale), sampleRate };
  },
});
