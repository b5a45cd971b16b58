import { describe, expect, it } from 'vitest';
import { coloredNoise } from '../../src/dsp/colored-noise.js';
import { createRng } from '../../src/rng.js';
import { applyKind } from '../helpers/apply.js';
import { transferDb } from '../helpers/spectrum.js';
import { speechClip } from '../helpers/speech.js';

describe('bandpass', () => {
  it('telephone band: −3 dB at 300 Hz and 3400 Hz, flat between, measured on real speech (±0.5 dB)', async () => {
    const clean = await speechClip(6);
    const out = await applyKind('bandpass', clean, {});
    expect(Math.abs(transferDb(clean.samples, out.samples, 16000, 300, 2048) + 3)).toBeLessThan(
      0.5,
    );
    expect(Math.abs(transferDb(clean.samples, out.samples, 16000, 3400, 2048) + 3)).toBeLessThan(
      0.5,
    );
    expect(Math.abs(transferDb(clean.samples, out.samples, 16000, 1000, 2048))).toBeLessThan(0.5);
  });

  for (const [low, high, order] of [
    [500, 2000, 2],
    [200, 6000, 4],
    [1000, 3000, 8],
  ]) {
    it(`${low}–${high} Hz order ${order}: −3 dB at the edges and ${6 * order} dB/octave beyond (on broadband noise, ±0.5 / ±1.5 dB)`, async () => {
      const noise = {
        samples: coloredNoise(16000 * 10, 'white', createRng('bandpass-test')),
        sampleRate: 16000,
      };
      const out = await applyKind('bandpass', noise, { low, high, order });
      expect(Math.abs(transferDb(noise.samples, out.samples, 16000, low, 4096) + 3)).toBeLessThan(
        0.5,
      );
      expect(Math.abs(transferDb(noise.samples, out.samples, 16000, high, 4096) + 3)).toBeLessThan(
        0.5,
      );
      // A digital Butterworth made by the bilinear transform is down 10·log10(1 + r^(2n)) dB,
      // with r the ratio of the pre-warped frequencies tan(πf/fs) — exactly 2^n per octave only
      // far below Nyquist.
      const warp = (f: number) => Math.tan((Math.PI * f) / 16000);
      const below = -10 * Math.log10(1 + (warp(low) / warp(low / 2)) ** (2 * order));
      const above = -10 * Math.log10(1 + (warp(high * 2) / warp(high)) ** (2 * order));
      expect(
        Math.abs(transferDb(noise.samples, out.samples, 16000, low / 2, 4096) - below),
      ).toBeLessThan(1.5);
      if (high * 2 < 7500)
        expect(
          Math.abs(transferDb(noise.samples, out.samples, 16000, high * 2, 4096) - above),
        ).toBeLessThan(1.5);
      // The slope is what the order promises: 6·n dB/octave well inside the band's skirts.
      expect(below).toBeLessThan(-6 * order + 0.5);
    });
  }
});
