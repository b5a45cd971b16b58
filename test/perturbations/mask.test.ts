import { describe, expect, it } from 'vitest';
import { rms, toDb } from '../../src/audio/levels.js';
import { applyDrawn as apply } from './_drawn.js';
import { speech } from './_speech.js';

describe('mask (chunks replaced, measured on corpus speech)', () => {
  it('noise: masked share within 1 % of the stated proportion, at the stated RMS, on the chunk grid; the rest bit-exact', async () => {
    const clean = await speech(2);
    const { out } = await apply('mask', clean, {
      proportion: 30,
      chunk: 0.1,
      fill: 'noise',
      level: -35,
    });
    expect(out.samples.length).toBe(clean.samples.length);
    const changed: number[] = [];
    for (let i = 0; i < out.samples.length; i++)
      if (out.samples[i] !== clean.samples[i]) changed.push(i);
    expect(Math.abs(changed.length / clean.samples.length - 0.3)).toBeLessThan(0.01);
    const noise = Float32Array.from(changed, (i) => out.samples[i]);
    expect(toDb(rms(noise))).toBeCloseTo(-35, 2);
    // Every masked run starts on the 0.1 s grid.
    const size = 0.1 * clean.sampleRate;
    for (let k = 0; k < changed.length; k++)
      if (k === 0 || changed[k - 1] !== changed[k] - 1) expect(changed[k] % size).toBe(0);
  });

  it('silence: every sample is the clean one or zero, and the zeroed share is the stated proportion within 1 %', async () => {
    const clean = await speech(3);
    const { out } = await apply('mask', clean, { proportion: 45, chunk: 0.05 });
    let zeroed = 0;
    let other = 0;
    for (let i = 0; i < out.samples.length; i++) {
      const x = out.samples[i];
      if (x !== clean.samples[i] && x !== 0) other++;
      if (x === 0 && clean.samples[i] !== 0) zeroed++;
    }
    expect(other).toBe(0);
    let cleanZeros = 0;
    for (const x of clean.samples) if (x === 0) cleanZeros++;
    const share = zeroed / clean.samples.length;
    // Clean samples that were already zero cannot be seen masked: allow their share.
    expect(share).toBeLessThanOrEqual(0.45 + 0.01);
    expect(share).toBeGreaterThan(0.45 - 0.01 - cleanZeros / clean.samples.length);
  });
});
