import { describe, expect, it } from 'vitest';
import { addSine } from '../../src/dsp/oscillator.js';

describe('addSine (rotating phasor, reset every block)', () => {
  for (const f of [1, 50, 60, 997.3, 3999, 7999]) {
    it(`matches Math.sin within 1e-8 of the amplitude over 10 minutes at ${f} Hz`, () => {
      const n = 600 * 16000;
      const out = new Float64Array(n);
      const w = (2 * Math.PI * f) / 16000;
      addSine(out, 0.5, w, 1.234);
      let worst = 0;
      for (let i = 0; i < n; i += 7)
        worst = Math.max(worst, Math.abs(out[i] - 0.5 * Math.sin(w * i + 1.234)));
      // Drift would show at the end of each block and grow over the clip.
      for (let i = 1023; i < n; i += 1024)
        worst = Math.max(worst, Math.abs(out[i] - 0.5 * Math.sin(w * i + 1.234)));
      // The reference's own argument w·i rounds by up to ~4e-9 rad near i = 9.6e6: the bound is
      // that, not the phasor's error (~1e-13 within a block).
      expect(worst).toBeLessThan(0.5e-8);
    });
  }

  it('stays within 1e-12 of Math.sin where the reference is exact enough to tell (first 4096 samples)', () => {
    for (const f of [60, 3999]) {
      const out = new Float64Array(4096);
      const w = (2 * Math.PI * f) / 16000;
      addSine(out, 1, w, 0.3);
      for (let i = 0; i < out.length; i++)
        expect(Math.abs(out[i] - Math.sin(w * i + 0.3))).toBeLessThan(1e-12);
    }
  });

  it('fills every sample of lengths that end mid-group or mid-block', () => {
    for (const n of [1, 2, 3, 5, 1027, 2050, 3071]) {
      const out = new Float64Array(n);
      addSine(out, 1, 0.05, 0.7);
      for (let i = 0; i < n; i++)
        expect(Math.abs(out[i] - Math.sin(0.05 * i + 0.7))).toBeLessThan(1e-12);
    }
  });

  it('adds to what is there', () => {
    const out = new Float32Array(100).fill(1);
    addSine(out, 0.25, 0.1, 0);
    expect(out[10]).toBeCloseTo(1 + 0.25 * Math.sin(1), 6);
  });
});
