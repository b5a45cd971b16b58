import { fromDb, mixAtLevel, mixAtSnr, signalLevel } from '../src/audio/levels.js';
import { filterCascade } from '../src/dsp/biquad.js';
import { butterworthBand } from '../src/dsp/butterworth-band.js';
import { fillGaussian } from '../src/dsp/gaussian.js';
import { addSine } from '../src/dsp/oscillator.js';
import { raisedCosineEdge } from '../src/dsp/raised-cosine.js';
import { num } from '../src/perturbation/params.js';
import {
  bandEdgesInOrder,
  exactlyOne,
  levelInsteadOfSnr,
  signalReference,
  snrInsteadOfLevel,
} from '../src/perturbation/shared-params.js';
import { definePerturbation } from '../src/perturbation/types.js';

/**
 * Periodic machine noise: a train of noise pulses repeating every `period` (an MRI sequence's
 * gradient knocks at its repetition time, a pump's strokes, a ventilator's cycles), each pulse
 * lasting `duty`·period with 5 ms raised-cosine edges and band-limited to `low`…`high` (a
 * 2nd-order Butterworth band-pass of the pulse spectrum: MRI energy sits mostly in 50–1000 Hz),
 * plus an optional steady tonal whine (motor, compressor, coil) at `whine` Hz, `whineLevel` dB
 * relative to the pulse train's RMS. `snr` / `level` refer to the RMS of the whole added noise
 * over the whole clip. Examples: MRI-like `{ period: 0.1, duty: 0.4, low: 100, high: 1000 }`;
 * pump `{ period: 0.75, duty: 0.3, low: 50, high: 400, whine: 120 }`; ventilator
 * `{ period: 4, duty: 0.35, low: 200, high: 3000 }`.
 */
export const machine = definePerturbation({
  name: 'machine',
  summary: 'Periodic machine noise: pulse trains (MRI knocks, pumps, ventilators) plus whine',
  details:
    'Noise pulses of duration duty·period, repeated every period, band-limited to low–high (Butterworth band-pass, order 2 per edge); optional steady whine tone at whine Hz, whineLevel dB relative to the pulse-train RMS. snr/level: RMS of everything added, over the whole clip; snr uses the P.56 active or RMS signal level.',
  params: {
    period: num({
      unit: 's',
      min: 0.01,
      max: 30,
      default: 0.1,
      description: 'Repetition time of the pulses (start to start)',
    }),
    duty: num({
      unit: 'ratio',
      min: 0.02,
      max: 1,
      default: 0.4,
      description: 'Fraction of each period a pulse sounds',
    }),
    low: num({
      unit: 'Hz',
      min: 20,
      max: 8000,
      default: 100,
      description: 'Lower edge of the pulse spectrum',
    }),
    high: num({
      unit: 'Hz',
      min: 40,
      max: 12000,
      default: 1000,
      description: 'Upper edge of the pulse spectrum',
    }),
    whine: num({
      unit: 'Hz',
      min: 0,
      max: 8000,
      default: 0,
      description: 'Steady tone frequency (0 = none)',
    }),
    whineLevel: num({
      unit: 'dB',
      min: -60,
      max: 20,
      default: -10,
      description: 'Whine RMS relative to the pulse-train RMS',
    }),
    snr: snrInsteadOfLevel('Signal level over machine-noise RMS'),
    level: levelInsteadOfSnr('Machine-noise RMS instead of an SNR'),
    reference: signalReference,
  },
  check: ({ snr, level, low, high }) => [
    ...exactlyOne({ snr, level }, { snr: 'dB', level: 'dBFS' }),
    ...bandEdgesInOrder(low, high),
  ],
  apply(audio, p, { rng, onlyIn }) {
    const { samples, sampleRate } = audio;
    const n = samples.length;
    const nyquist = sampleRate / 2;
    const white = new Float32Array(n);
    fillGaussian(white, rng);
    const high = Math.min(p.high, 0.95 * nyquist);
    // Filtered in place: the white noise is not needed afterwards.
    const band =
      p.low < high
        ? filterCascade(white, butterworthBand('bandpass', 2, p.low, high, sampleRate), white)
        : white;
    const sumSquares = gateByPulses(band, sampleRate, p.period, p.duty, rng.uniform(0, p.period));
    const trainRms = n === 0 ? 0 : Math.sqrt(sumSquares / n);
    const whine = p.whine > 0 && p.whine < nyquist && trainRms > 0;
    if (whine) {
      const a = Math.SQRT2 * trainRms * fromDb(p.whineLevel);
      addSine(band, a, (2 * Math.PI * p.whine) / sampleRate, rng.uniform(0, 2 * Math.PI));
    }
    // Without a whine the train is all that is added, and its RMS is known.
    const options = { inPlace: true, noiseRms: whine ? undefined : trainRms, only: onlyIn };
    const { mixed, peak } =
      p.snr === undefined
        ? mixAtLevel(samples, band, p.level ?? -120, options)
        : mixAtSnr(samples, band, p.snr, signalLevel(samples, sampleRate, p.reference), options);
    return { samples: mixed, sampleRate, peak };
  },
});

/**
 * Multiplies `x` in place by the pulse train's envelope — 1 while a pulse sounds, 0 between,
 * 5 ms raised-cosine edges, first pulse at −phase — and returns Σ x² afterwards (in sample
 * order, as rms() sums). Each factor is rounded to float32 first, so the result is the same as
 * multiplying by a float32 envelope array, which is how it was first written, without making
 * the clip-length array.
 */
export function gateByPulses(
  x: Float32Array,
  sampleRate: number,
  period: number,
  duty: number,
  phase: number,
): number {
  const n = x.length;
  if (duty >= 1) return sumSquares(x, 0, n, 0);
  const d = duty * period;
  const edge = Math.min(0.005, d / 4, (period - d) / 4);
  let s = 0;
  let next = 0; // first sample not yet gated
  // Pulses do not overlap (d < period), so each sample is gated once, in order.
  for (let t0 = -phase; t0 < n / sampleRate; t0 += period) {
    const i0 = Math.max(0, Math.ceil(t0 * sampleRate));
    const i1 = Math.min(n, Math.ceil((t0 + d) * sampleRate));
    if (i1 <= i0) continue;
    s = scaleBy(x, next, i0, 0, s);
    s = gatePulse(x, i0, i1, sampleRate, t0, d, edge, s);
    next = i1;
  }
  return scaleBy(x, next, n, 0, s);
}

/** x[from…to) ·= g; returns acc + Σ of the new x². */
function scaleBy(x: Float32Array, from: number, to: number, g: number, acc: number): number {
  let s = acc;
  for (let i = from; i < to; i++) {
    const v = Math.fround(x[i] * g);
    x[i] = v;
    s += v * v;
  }
  return s;
}

/** One pulse (as writePulse draws it) applied to x[i0…i1); returns acc + Σ of the new x². */
function gatePulse(
  x: Float32Array,
  i0: number,
  i1: number,
  sampleRate: number,
  start: number,
  duration: number,
  edge: number,
  acc: number,
): number {
  let s = acc;
  for (let i = i0; i < i1; i++) {
    const t = i / sampleRate - start;
    const v = Math.fround(x[i] * Math.fround(raisedCosineEdge(Math.min(t, duration - t) / edge)));
    x[i] = v;
    s += v * v;
  }
  return s;
}

function sumSquares(x: Float32Array, from: number, to: number, acc: number): number {
  let s = acc;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return s;
}
