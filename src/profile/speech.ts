import { butterworth, filterCascade } from '../dsp/biquad.js';
import { resample } from '../dsp/resample.js';
import { quantile } from './envelope.js';

export interface SpeechEvidence {
  /** Fraction of 40 ms frames that are voiced with a pitch in 80–400 Hz. */
  readonly voiced: number;
  /** Interquartile range of that pitch over its median: speech glides, machines hold still. */
  readonly pitchSpread: number;
  /** Share of neighbouring voiced frames whose pitch differs by under 7 %: intonation glides. */
  readonly continuity: number;
  readonly likely: boolean;
}

/**
 * Whether the recording probably holds speech: voiced frames (normalised autocorrelation ≥ 0.5
 * at a lag of 2.5–12.5 ms, i.e. a pitch of 80–400 Hz, in frames no quieter than the median)
 * making up ≥ 5 % of the time outside bursts, with a pitch that moves as intonation does
 * (interquartile range 6–30 % of the median) and glides (≥ 90 % of neighbouring voiced frames
 * within 7 % of each other). Steady tones — hum, alarms — hold one pitch; a stepper motor's
 * pitch track wanders wider and jumps. Tuned on the festival voices of test/fixtures and the
 * sonic-pi 3D-printer recording; a heuristic, not a voice-activity detector.
 */
export function detectSpeech(
  samples: Float32Array,
  sampleRate: number,
  exclude?: { on: Uint8Array; blockRate: number },
): SpeechEvidence {
  const rate = 8000;
  const x = filterCascade(
    resample(samples, sampleRate, rate),
    butterworth('highpass', 2, 70, rate),
  );
  const frame = 320;
  const hop = 160;
  const energies: number[] = [];
  for (let s = 0; s + frame <= x.length; s += hop) {
    let e = 0;
    for (let i = s; i < s + frame; i++) e += x[i] * x[i];
    energies.push(e);
  }
  const median = quantile(
    [...energies].sort((a, b) => a - b),
    0.5,
  );
  const pitches: number[] = [];
  let counted = 0;
  let pairs = 0;
  let smooth = 0;
  let previous: number | undefined;
  energies.forEach((e, j) => {
    const start = j * hop;
    if (exclude) {
      const block = Math.floor(((start + frame / 2) / rate) * exclude.blockRate);
      if (exclude.on[block] === 1) return;
    }
    counted++;
    const lag = e < median || e === 0 ? undefined : voicedLag(x, start, frame);
    if (lag !== undefined) {
      const f0 = rate / lag;
      if (previous !== undefined) {
        pairs++;
        if (Math.abs(Math.log2(f0 / previous)) < 0.1) smooth++;
      }
      pitches.push(f0);
    }
    previous = lag === undefined ? undefined : rate / lag;
  });
  if (counted === 0) return { voiced: 0, pitchSpread: 0, continuity: 0, likely: false };
  const continuity = pairs ? smooth / pairs : 0;
  pitches.sort((a, b) => a - b);
  const voiced = pitches.length / counted;
  const spread =
    pitches.length >= 10
      ? (quantile(pitches, 0.75) - quantile(pitches, 0.25)) / quantile(pitches, 0.5)
      : 0;
  return {
    voiced,
    pitchSpread: spread,
    continuity,
    likely: voiced >= 0.05 && spread >= 0.06 && spread <= 0.3 && continuity >= 0.9,
  };
}

/** Smallest lag (20–100 samples at 8 kHz) whose normalised autocorrelation is ≥ 0.5 and ≥ 90 % of the best. */
function voicedLag(x: Float32Array, start: number, frame: number): number | undefined {
  const r = new Float64Array(101);
  let best = 0;
  for (let lag = 20; lag <= 100; lag++) {
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (let i = start; i + lag < start + frame; i++) {
      xy += x[i] * x[i + lag];
      xx += x[i] * x[i];
      yy += x[i + lag] * x[i + lag];
    }
    r[lag] = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
    best = Math.max(best, r[lag]);
  }
  if (best < 0.5) return undefined;
  for (let lag = 21; lag < 100; lag++) {
    if (r[lag] >= 0.9 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) return lag;
  }
  return undefined;
}
