import { describe, expect, it } from 'vitest';
import { rms, toDb } from '../../src/audio/levels.js';
import { toneRmsDb } from '../helpers/spectrum.js';
import { minus, run, speech } from './_speech.js';

describe('distortion', () => {
  it('tanh: third harmonic of a sine matches the Chebyshev expansion of tanh (±0.5 dB), grows with drive', async () => {
    const n = 16000;
    const a = 0.3;
    const sine = {
      samples: Float32Array.from(
        { length: n },
        (_, i) => a * Math.sin((2 * Math.PI * 250 * i) / 16000),
      ),
      sampleRate: 16000,
    };
    let previous = Number.NEGATIVE_INFINITY;
    for (const drive of [6, 12, 18]) {
      const { out } = await run('distortion', sine, { type: 'tanh', drive });
      const g = 10 ** (drive / 20);
      // Third-harmonic amplitude of tanh(g a sin θ)/g by numerical Fourier projection.
      let b3 = 0;
      for (let k = 0; k < 4096; k++) {
        const th = (2 * Math.PI * k) / 4096;
        b3 += (Math.tanh(g * a * Math.sin(th)) / g) * Math.sin(3 * th);
      }
      b3 = (2 * b3) / 4096;
      const measured = toneRmsDb(out.samples, 16000, 750);
      expect(measured).toBeCloseTo(toDb(Math.abs(b3) / Math.SQRT2), 0);
      expect(measured).toBeGreaterThan(previous);
      previous = measured;
    }
  });

  it('tanh on speech: small samples pass at unity gain, output bounded by 1/g', async () => {
    const clean = await speech(0);
    const { out } = await run('distortion', clean, { type: 'tanh', drive: 20 });
    for (let i = 0; i < clean.samples.length; i++) {
      if (Math.abs(clean.samples[i]) < 1e-3)
        expect(Math.abs(out.samples[i] - clean.samples[i])).toBeLessThan(1e-7);
      expect(Math.abs(out.samples[i])).toBeLessThanOrEqual(0.1 + 1e-7);
    }
  });

  for (const bits of [6, 8, 10]) {
    it(`bitcrush ${bits} bits on speech: ≤ 2^${bits} levels, error RMS = step/√12 (±10 %)`, async () => {
      const clean = await speech(0);
      const { out } = await run('distortion', clean, { type: 'bitcrush', bits });
      expect(new Set(out.samples).size).toBeLessThanOrEqual(2 ** bits + 1);
      const step = 1 / 2 ** (bits - 1);
      // Over samples well above the step, where the error is uniform in ±step/2.
      const diff = minus(out.samples, clean.samples);
      const err = diff.filter((_, i) => Math.abs(clean.samples[i]) > 4 * step);
      expect(err.length).toBeGreaterThan(2000);
      expect(Math.abs(rms(err) / (step / Math.sqrt(12)) - 1)).toBeLessThan(0.1);
    });
  }
});
