// The code as it was before the speed work (commit bf065f4), kept as the reference
// test/perturbations/same-output.test.ts holds the rewritten code to, sample for sample.

import { fillGaussian } from '../../../src/dsp/gaussian.js';
import type { Rng } from '../../../src/rng.js';

export type NoiseColor = 'white' | 'pink' | 'brown';

/**
 * Gaussian noise with a power spectrum flat (white), falling 3 dB/octave (pink, 1/f) or
 * 6 dB/octave (brown, 1/f²). Levels are not normalised here; callers scale by measured RMS.
 * The white source is drawn in bulk (fillGaussian) and coloured in place.
 */
export function coloredNoise(length: number, color: NoiseColor, rng: Rng): Float32Array {
  const out = new Float32Array(length);
  fillGaussian(out, rng);
  if (color === 'pink') pink(out);
  else if (color === 'brown') brown(out);
  return out;
}

function pink(out: Float32Array): void {
  // Paul Kellet's refined pink filter: within ±0.05 dB of 1/f above 9 Hz at 44.1 kHz and
  // close at 16 kHz across the speech band.
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let b4 = 0;
  let b5 = 0;
  let b6 = 0;
  for (let i = 0; i < out.length; i++) {
    const w = out[i];
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
  }
}

function brown(out: Float32Array): void {
  // Leaky integration of white noise: 1/f² above ~3 Hz, without the unbounded random walk
  // (and DC drift) of a pure integrator.
  let y = 0;
  for (let i = 0; i < out.length; i++) {
    y = 0.999 * y + 0.05 * out[i];
    out[i] = y;
  }
  removeMean(out);
}

function removeMean(x: Float32Array): void {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  const mean = sum / (x.length || 1);
  for (let i = 0; i < x.length; i++) x[i] -= mean;
}
