import { describe, expect, it } from 'vitest';
import { directConvolve, fftConvolve } from '../../src/dsp/fft-convolve.js';
import { createRng } from '../../src/rng.js';
import { speechClip } from '../helpers/speech.js';

function decayingIr(m: number, seed: string): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: m }, (_, i) => rng.uniform(-1, 1) * Math.exp(-i / (m / 6)));
}

describe('fftConvolve (overlap-save, two real blocks per complex FFT)', () => {
  for (const m of [1, 7, 300, 1023, 4097, 11000]) {
    it(`equals direct convolution within 1e-5 for a ${m}-tap filter on corpus speech`, async () => {
      const clip = await speechClip(0);
      const x = clip.samples.subarray(0, 40_000);
      const h = decayingIr(m, `ir-${m}`);
      // Longer than x: the tail past the input's end must come out too.
      const outLength = x.length + Math.min(m, 5000);
      const fast = fftConvolve(x, h, outLength);
      const direct = directConvolve(x, h, outLength);
      let worst = 0;
      for (let i = 0; i < outLength; i++) worst = Math.max(worst, Math.abs(fast[i] - direct[i]));
      expect(fast.length).toBe(outLength);
      expect(worst).toBeLessThan(1e-5);
    });
  }

  it('stops at outLength when it is shorter than the input', () => {
    const x = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i / 3));
    const h = decayingIr(600, 'short');
    const fast = fftConvolve(x, h, 1234);
    const direct = directConvolve(x, h, 1234);
    expect(fast.length).toBe(1234);
    for (let i = 0; i < 1234; i++) expect(Math.abs(fast[i] - direct[i])).toBeLessThan(1e-5);
  });
});
