import { describe, expect, it } from 'vitest';
import { fromDb, peak } from '../../src/audio/levels.js';
import { run, speech } from './_speech.js';

describe('clipping', () => {
  it('clips at a level: peak equals the threshold, samples below it untouched', async () => {
    const clean = await speech(0);
    const { out } = await run('clipping', clean, { level: -12 });
    expect(peak(out.samples)).toBeCloseTo(fromDb(-12), 6);
    let changedBelow = 0;
    for (let i = 0; i < clean.samples.length; i++)
      if (Math.abs(clean.samples[i]) <= fromDb(-12) && out.samples[i] !== clean.samples[i])
        changedBelow++;
    expect(changedBelow).toBe(0);
  });

  for (const percentile of [99, 95, 80]) {
    it(`clips at the ${percentile}th percentile of |x|: ${100 - percentile} % of samples clipped (±0.1 %)`, async () => {
      const clean = await speech(1);
      const { out, notes } = await run('clipping', clean, { percentile });
      const t = peak(out.samples);
      const clipped = clean.samples.filter((v) => Math.abs(v) > t).length / clean.samples.length;
      expect(Math.abs(clipped - (100 - percentile) / 100)).toBeLessThan(0.001);
      expect(Number(notes.fraction)).toBeCloseTo(clipped, 4);
    });
  }
});
