import { describe, expect, it } from 'vitest';
import { fillGaussian } from '../../src/dsp/gaussian.js';
import { createRng } from '../../src/rng.js';

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
function phi(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly =
    t *
    (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const upper = (Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)) * poly;
  return x >= 0 ? 1 - upper : upper;
}

describe('fillGaussian (ziggurat over xoshiro128**)', () => {
  const n = 1 << 21;
  const x = new Float32Array(n);
  fillGaussian(x, createRng('gaussian-test'));

  it('has mean 0, variance 1 and kurtosis 3 within sampling error', () => {
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const v of x) {
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
    }
    m1 /= n;
    m2 /= n;
    m4 /= n;
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('follows the normal CDF (Kolmogorov–Smirnov, 1 % level) and fills the tails beyond 3.65σ', () => {
    const sorted = Float64Array.from(x).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = phi(sorted[i]);
      d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
    }
    expect(d).toBeLessThan(1.63 / Math.sqrt(n));
    // The tail (drawn by a separate algorithm) and the wedges hold their share of the mass.
    for (const edge of [1, 2, 3, 3.6541528853610088, 4.5]) {
      const expected = 2 * (1 - phi(edge));
      const seen = x.filter((v) => Math.abs(v) > edge).length / n;
      expect(Math.abs(seen - expected)).toBeLessThan(5 * Math.sqrt(expected / n) + 1e-6);
    }
  });

  it('is a pure function of the stream it is given', () => {
    const a = new Float32Array(100_000);
    const b = new Float32Array(100_000);
    fillGaussian(a, createRng('same'));
    fillGaussian(b, createRng('same'));
    expect(b).toEqual(a);
    fillGaussian(b, createRng('other'));
    expect(b).not.toEqual(a);
  });
});
