import { describe, expect, it } from 'vitest';
import { activeSpeechLevel, fromDb, toDb } from '../../src/audio/levels.js';
import { corpusRows, speechClip } from '../helpers/speech.js';

/**
 * The straightforward P.56 method B count: every sample updates every threshold's activity and
 * hangover counter. activeSpeechLevel bins a running maximum instead; both must agree.
 */
function referenceActiveLevel(samples: Float32Array, sampleRate: number) {
  const n = samples.length;
  const hangover = Math.round(0.2 * sampleRate);
  const g = Math.exp(-1 / (sampleRate * 0.03));
  const thresholds: number[] = [];
  for (let db = -100; db <= 10; db += 2) thresholds.push(fromDb(db));
  const activity = new Float64Array(thresholds.length);
  const hang = new Int32Array(thresholds.length).fill(hangover);
  let p = 0;
  let q = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    sumSquares += samples[i] * samples[i];
    p = g * p + (1 - g) * Math.abs(samples[i]);
    q = g * q + (1 - g) * p;
    for (let j = 0; j < thresholds.length; j++) {
      if (q >= thresholds[j]) {
        activity[j]++;
        hang[j] = 0;
      } else if (hang[j] < hangover) {
        activity[j]++;
        hang[j]++;
      }
    }
  }
  const diffs = thresholds.map((c, j) =>
    activity[j] === 0
      ? Number.NEGATIVE_INFINITY
      : 10 * Math.log10(sumSquares / activity[j]) - toDb(c),
  );
  for (let j = 1; j < thresholds.length; j++) {
    if (diffs[j - 1] >= 15.9 && diffs[j] <= 15.9) {
      const a0 = 10 * Math.log10(sumSquares / activity[j - 1]);
      const a1 = 10 * Math.log10(sumSquares / activity[j]);
      const t = diffs[j - 1] === diffs[j] ? 0 : (diffs[j - 1] - 15.9) / (diffs[j - 1] - diffs[j]);
      const levelDb = a0 + t * (a1 - a0);
      return { levelDb, activity: Math.min(1, sumSquares / 10 ** (levelDb / 10) / n) };
    }
  }
  return { levelDb: toDb(Math.sqrt(sumSquares / n)), activity: 1 };
}

describe('activeSpeechLevel (P.56 method B, running-maximum histogram)', () => {
  it('equals the per-threshold reference count within 0.01 dB on every corpus clip tried', async () => {
    const count = Math.min(12, corpusRows().length);
    for (let i = 0; i < count; i++) {
      const clip = await speechClip(i);
      // Quieter and padded variants move the crossing to other thresholds and add silence.
      const quiet = clip.samples.map((x) => x * 0.01);
      const padded = new Float32Array(clip.samples.length + 16000);
      padded.set(clip.samples, 8000);
      for (const x of [clip.samples, quiet, padded]) {
        const fast = activeSpeechLevel(x, 16000);
        const ref = referenceActiveLevel(x, 16000);
        expect(Math.abs(toDb(fast.level) - ref.levelDb)).toBeLessThan(0.01);
        expect(Math.abs(fast.activity - ref.activity)).toBeLessThan(1e-6);
      }
    }
  });

  it('agrees on bursts separated by gaps around the 0.2 s hangover', () => {
    const x = new Float32Array(16000 * 3);
    for (const [start, gap] of [
      [0, 3199],
      [6000, 3200],
      [14000, 3201],
    ]) {
      for (let i = 0; i < 800; i++) x[start + i] = 0.3 * Math.sin(i * 0.3);
      for (let i = 0; i < 800; i++) x[start + 800 + gap + i] = 0.1 * Math.sin(i * 0.2);
    }
    const fast = activeSpeechLevel(x, 16000);
    const ref = referenceActiveLevel(x, 16000);
    expect(Math.abs(toDb(fast.level) - ref.levelDb)).toBeLessThan(0.01);
    expect(Math.abs(fast.activity - ref.activity)).toBeLessThan(1e-6);
  });
});
