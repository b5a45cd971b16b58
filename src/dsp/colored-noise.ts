import type { Rng } from '../rng.js';
import { fillGaussian, fillGaussianWithEnergy } from './gaussian.js';

export type NoiseColor = 'white' | 'pink' | 'brown';

/**
 * Gaussian noise with a power spectrum flat (white), falling 3 dB/octave (pink, 1/f) or
 * 6 dB/octave (brown, 1/f²). Levels are not normalised here; callers scale by measured RMS.
 * The white source is drawn in bulk (fillGaussian) and coloured in place.
 */
export function coloredNoise(length: number, color: NoiseColor, rng: Rng): Float32Array {
  return coloredNoiseWithEnergy(length, color, rng).samples;
}

/**
 * coloredNoise and Σ sample² of what it returns (summed in sample order, as rms() sums), taken
 * in the colouring pass rather than by reading the clip again. The colouring filters run a
 * chunk per call, with their state carried over: each call is optimised as a whole (see
 * fillGaussian), and the samples are the same as from one long loop.
 */
export function coloredNoiseWithEnergy(
  length: number,
  color: NoiseColor,
  rng: Rng,
): { samples: Float32Array; sumSquares: number } {
  const out = new Float32Array(length);
  if (color === 'white') return { samples: out, sumSquares: fillGaussianWithEnergy(out, rng) };
  fillGaussian(out, rng);
  if (color === 'pink') {
    const state = new Float64Array(8);
    for (let i = 0; i < length; i += CHUNK) pink(out, i, Math.min(length, i + CHUNK), state);
    return { samples: out, sumSquares: state[7] };
  }
  return { samples: out, sumSquares: brown(out) };
}

const CHUNK = 16384;

/** out[from…to) coloured pink in place; state = [b0 … b6, Σ out²]. */
function pink(out: Float32Array, from: number, to: number, state: Float64Array): void {
  // Paul Kellet's refined pink filter: within ±0.05 dB of 1/f above 9 Hz at 44.1 kHz and
  // close at 16 kHz across the speech band.
  let [b0, b1, b2, b3, b4, b5, b6, energy] = state;
  for (let i = from; i < to; i++) {
    const w = out[i];
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    const y = Math.fround(b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
    out[i] = y;
    energy += y * y;
    b6 = w * 0.115926;
  }
  state.set([b0, b1, b2, b3, b4, b5, b6, energy]);
}

/** Colours out brown in place and returns Σ out² afterwards. */
function brown(out: Float32Array): number {
  // Leaky integration of white noise: 1/f² above ~3 Hz, without the unbounded random walk
  // (and DC drift) of a pure integrator. The mean is then removed.
  const state = Float64Array.of(0, 0);
  for (let i = 0; i < out.length; i += CHUNK)
    integrate(out, i, Math.min(out.length, i + CHUNK), state);
  const mean = state[1] / (out.length || 1);
  let energy = 0;
  for (let i = 0; i < out.length; i += CHUNK)
    energy = subtract(out, i, Math.min(out.length, i + CHUNK), mean, energy);
  return energy;
}

/** out[from…to) ← leaky integral; state = [y, Σ out] (the sum of the stored float32 values). */
function integrate(out: Float32Array, from: number, to: number, state: Float64Array): void {
  let y = state[0];
  let sum = state[1];
  for (let i = from; i < to; i++) {
    y = 0.999 * y + 0.05 * out[i];
    const v = Math.fround(y);
    out[i] = v;
    sum += v;
  }
  state[0] = y;
  state[1] = sum;
}

/** out[from…to) −= mean; returns energy + Σ of the new out². */
function subtract(
  out: Float32Array,
  from: number,
  to: number,
  mean: number,
  energy: number,
): number {
  let e = energy;
  for (let i = from; i < to; i++) {
    const v = Math.fround(out[i] - mean);
    out[i] = v;
    e += v * v;
  }
  return e;
}
