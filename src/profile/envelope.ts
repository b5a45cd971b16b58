import FFT from 'fft.js';
import { filterCascade } from '../dsp/biquad.js';
import { butterworthBand } from '../dsp/butterworth-band.js';
import { powerDb } from './spectrum.js';

/** Envelope resolution: 5 ms blocks resolve an MRI knock train at 10 Hz and alarm pulse edges. */
export const BLOCK_SECONDS = 0.005;

/** Mean power per 5 ms block in octave bands (125 Hz up to what the rate allows). */
export interface BandEnvelopes {
  readonly centres: readonly number[];
  /** One array of block powers per band. */
  readonly blocks: readonly Float64Array[];
  readonly blockRate: number;
}

export function octaveEnvelopes(samples: Float32Array, sampleRate: number): BandEnvelopes {
  const block = Math.max(1, Math.round(BLOCK_SECONDS * sampleRate));
  const count = Math.floor(samples.length / block);
  const centres: number[] = [];
  const blocks: Float64Array[] = [];
  for (let fc = 125; fc * Math.SQRT2 < 0.95 * (sampleRate / 2); fc *= 2) {
    const band = filterCascade(
      samples,
      butterworthBand('bandpass', 2, fc / Math.SQRT2, fc * Math.SQRT2, sampleRate),
    );
    const env = new Float64Array(count);
    for (let b = 0; b < count; b++) {
      let sum = 0;
      for (let i = b * block; i < (b + 1) * block; i++) sum += band[i] * band[i];
      env[b] = sum / block;
    }
    centres.push(fc);
    blocks.push(env);
  }
  return { centres, blocks, blockRate: sampleRate / block };
}

/**
 * How much more a band's level swings than stationary Gaussian noise of that bandwidth would
 * (dB): the 95th−10th percentile spread of its 20 ms level against the spread expected of a
 * chi-square energy with 2·B·T degrees of freedom (Wilson–Hilferty quantiles). Hum lowers the
 * spread, alarms and machine pulses raise it.
 */
export function excessModulationDb(env: Float64Array, centre: number, blockRate: number): number {
  const smooth = movingAverage(env, Math.max(1, Math.round(0.02 * blockRate)));
  const db = Array.from(smooth, powerDb).sort((a, b) => a - b);
  const spread = quantile(db, 0.95) - quantile(db, 0.1);
  const dof = 2 * (centre * (Math.SQRT2 - Math.SQRT1_2)) * 0.02;
  const wh = (z: number) => {
    const v = 2 / (9 * dof);
    return Math.max(1e-6, 1 - v + z * Math.sqrt(v)) ** 3;
  };
  const expected = 10 * Math.log10(wh(1.645) / wh(-1.2816));
  return spread - expected;
}

export function movingAverage(x: Float64Array, width: number): Float64Array {
  const out = new Float64Array(x.length);
  let acc = 0;
  for (let i = 0; i < x.length; i++) {
    acc += x[i];
    if (i >= width) acc -= x[i - width];
    out[i] = acc / Math.min(i + 1, width);
  }
  // Centre the window (the running sum lags by half its width).
  const shift = Math.floor(width / 2);
  return Float64Array.from(x, (_, i) => out[Math.min(x.length - 1, i + shift)]);
}

export function quantile(sorted: readonly number[] | Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

/** Otsu's threshold on values (the split that maximises between-class variance). */
export function otsuThreshold(values: readonly number[]): number {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (!(hi > lo)) return hi;
  const bins = 200;
  const hist = new Float64Array(bins);
  for (const v of values) hist[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
  const total = values.length;
  let sumAll = 0;
  for (let b = 0; b < bins; b++) sumAll += b * hist[b];
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestB = 0;
  for (let b = 0; b < bins; b++) {
    w0 += hist[b];
    sum0 += b * hist[b];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const m0 = sum0 / w0;
    const m1 = (sumAll - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) ** 2;
    if (between > best) {
      best = between;
      bestB = b;
    }
  }
  return lo + ((bestB + 1) / bins) * (hi - lo);
}

/** Runs of `true` as [start, end) block indices. */
export function runs(on: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= on.length; i++) {
    const v = i < on.length && on[i] === 1;
    if (v && start < 0) start = i;
    if (!v && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

/** Closes off-gaps shorter than `gap` blocks and drops on-runs shorter than `min` blocks. */
export function tidy(on: Uint8Array, gap: number, min: number): Uint8Array {
  const out = on.slice();
  const r = runs(out);
  for (let i = 1; i < r.length; i++) {
    if (r[i][0] - r[i - 1][1] < gap) out.fill(1, r[i - 1][1], r[i][0]);
  }
  for (const [a, b] of runs(out)) if (b - a < min) out.fill(0, a, b);
  return out;
}

/**
 * Period of a 0/1 sequence from its mean-removed autocorrelation, normalised per lag by the
 * overlap (unbiased) and by lag 0: the smallest lag whose peak reaches 80 % of the highest peak
 * (so a burst of three pulses repeats at its period, not at the pulse spacing, and multiples of
 * the period lose to the period). Refined by a parabola through the peak. Lags from `minLag` to
 * half the length (at least two repetitions).
 */
export function binaryPeriod(
  on: Uint8Array,
  minLag: number,
): { lag: number; strength: number } | undefined {
  const n = on.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += on[i];
  mean /= n;
  const x = Float64Array.from(on, (v) => v - mean);
  let r0 = 0;
  for (let i = 0; i < n; i++) r0 += x[i] * x[i];
  r0 /= n;
  if (r0 <= 0) return undefined;
  const maxLag = Math.floor(n / 2);
  if (maxLag <= minLag + 2) return undefined;
  const raw = autocorrelation(x);
  const acf = Float64Array.from(raw.subarray(0, maxLag + 1), (s, lag) => s / (n - lag) / r0);
  const peaks: number[] = [];
  for (let lag = minLag; lag < maxLag; lag++) {
    if (acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1] && acf[lag] > 0.3) peaks.push(lag);
  }
  if (peaks.length === 0) return undefined;
  const top = Math.max(...peaks.map((l) => acf[l]));
  const lag = peaks.find((l) => acf[l] >= 0.8 * top)!;
  const [a, b, c] = [acf[lag - 1], acf[lag], acf[lag + 1]];
  const denom = a - 2 * b + c;
  const delta = denom === 0 ? 0 : (0.5 * (a - c)) / denom;
  return { lag: lag + Math.max(-0.5, Math.min(0.5, delta)), strength: b };
}

/** Σ x[i]·x[i+lag] for every lag, by FFT (zero-padded, so no wrap-around). */
function autocorrelation(x: Float64Array): Float64Array {
  let size = 2;
  while (size < 2 * x.length) size *= 2;
  const fft = new FFT(size);
  const input = new Float64Array(size);
  input.set(x);
  const spectrum = fft.createComplexArray();
  fft.realTransform(spectrum, input);
  fft.completeSpectrum(spectrum);
  for (let k = 0; k < size; k++) {
    spectrum[2 * k] = spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2;
    spectrum[2 * k + 1] = 0;
  }
  const out = fft.createComplexArray();
  fft.inverseTransform(out, spectrum);
  const r = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) r[i] = out[2 * i];
  return r;
}
