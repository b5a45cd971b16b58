import { describe, expect, it } from 'vitest';
import { rms, toDb } from '../../src/audio/levels.js';
import { applyDrawn as apply } from './_drawn.js';
import { speech } from './_speech.js';

/**
 * Reads the inserted stretches back from the output alone: walking clean and perturbed
 * together, a perturbed sample that is not the next clean sample belongs to a stretch.
 * Room tone is continuous noise, so it never equals a 16-bit speech sample by chance.
 */
function insertedRuns(clean: Float32Array, out: Float32Array): { at: number; length: number }[] {
  const runs: { at: number; length: number }[] = [];
  let i = 0;
  for (let j = 0; j < out.length; j++) {
    if (i < clean.length && out[j] === clean[i]) {
      i++;
      continue;
    }
    const last = runs.at(-1);
    if (last && last.at + last.length === j) last.length++;
    else runs.push({ at: j, length: 1 });
  }
  expect(i).toBe(clean.length); // every clean sample came through, in order, bit for bit
  return runs;
}

describe('silence (inserted stretches, measured on corpus speech)', () => {
  it('room tone: each stretch is duration within one sample, at the stated RMS, clean speech bit-exact around it', async () => {
    const clean = await speech(0);
    const { out, drawn } = await apply('silence', clean, {
      count: 3,
      duration: 0.4,
      fill: 'room-tone',
      level: -55,
    });
    expect(out.sampleRate).toBe(clean.sampleRate);
    const runs = insertedRuns(clean.samples, out.samples);
    const want = 0.4 * clean.sampleRate;
    const lengths = runs.map((r) => r.length);
    // Stretches drawn at the same position merge into one run: compare totals and each run.
    expect(Math.abs(lengths.reduce((a, b) => a + b, 0) - 3 * want)).toBeLessThanOrEqual(1);
    for (const l of lengths) expect(Math.abs(l / want - Math.round(l / want))).toBeLessThan(1e-3);
    const tone = Float32Array.from(
      runs.flatMap((r) => [...out.samples.subarray(r.at, r.at + r.length)]),
    );
    expect(toDb(rms(tone))).toBeCloseTo(-55, 2);
    // The recorded spans say the same as the measurement.
    const recorded = String(drawn.spans)
      .split(',')
      .map((s) => s.split('+').map(Number));
    expect(recorded).toHaveLength(3);
    expect(recorded.reduce((t, [, len]) => t + len, 0)).toBe(lengths.reduce((a, b) => a + b, 0));
    expect(recorded[0][0]).toBe(runs[0].at);
  });

  it('digital silence at the start: zeros of the stated length, then the clean clip unchanged', async () => {
    const clean = await speech(1);
    const { out } = await apply('silence', clean, { count: 2, duration: 0.25, position: 'start' });
    const n = 2 * 0.25 * clean.sampleRate;
    expect(out.samples.length - clean.samples.length).toBe(n);
    expect(out.samples.subarray(0, n).every((x) => x === 0)).toBe(true);
    expect(Buffer.from(out.samples.slice(n).buffer).equals(Buffer.from(clean.samples.buffer))).toBe(
      true,
    );
  });
});
