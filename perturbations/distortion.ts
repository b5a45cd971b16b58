import { fromDb } from '../src/audio/levels.js';
import { choice, num } from '../src/perturbation/params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Non-linear distortion. `tanh`: soft saturation y = tanh(g·x)/g with g = 10^(drive/20) — unity
 * gain for small signals, a smooth ceiling at ±1/g, odd harmonics growing with level (a tube or
 * transistor stage overdriven by `drive` dB). `bitcrush`: requantisation to `bits` bits,
 * y = round(x·2^(bits−1)) / 2^(bits−1) (mid-tread, no dither), adding quantisation noise of RMS
 * step/√12 — a cheap ADC or a badly set fixed-point path.
 */
export const distortion = definePerturbation({
  name: 'distortion',
  summary: 'Soft (tanh) saturation with a drive, or bit-depth reduction',
  details:
    'tanh: y = tanh(g x)/g, g = 10^(drive/20) (small-signal gain 1, ceiling ±1/g). bitcrush: y = round(x·2^(bits−1))/2^(bits−1), no dither.',
  params: {
    type: choice({
      values: ['tanh', 'bitcrush'],
      default: 'tanh',
      description: 'Soft saturation or requantisation',
    }),
    drive: num({
      unit: 'dB',
      min: 0,
      max: 40,
      default: 12,
      description: 'tanh: gain into the saturator',
    }),
    bits: num({
      unit: 'count',
      min: 1,
      max: 16,
      integer: true,
      default: 8,
      description: 'bitcrush: bit depth',
    }),
  },
  apply(audio, { type, drive, bits }) {
    const { samples, sampleRate } = audio;
    const out = new Float32Array(samples.length);
    if (type === 'tanh') {
      const g = fromDb(drive);
      for (let i = 0; i < samples.length; i++) out[i] = Math.tanh(g * samples[i]) / g;
    } else {
      const q = 2 ** (bits - 1);
      for (let i = 0; i < samples.length; i++) out[i] = Math.round(samples[i] * q) / q;
    }
    return { samples: out, sampleRate };
  },
});
