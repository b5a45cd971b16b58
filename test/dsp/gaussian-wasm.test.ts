import { describe, expect, it } from 'vitest';
import { fillGaussian, fillGaussianWithEnergy } from '../../src/dsp/gaussian.js';
import { createRng } from '../../src/rng.js';
import { fillGaussian as fillGaussianBefore } from './gaussian-before.js';

function firstDifference(a: Float32Array, b: Float32Array): number {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  if (ua.length !== ub.length) return 0;
  return ua.findIndex((v, i) => v !== ub[i]);
}

describe('fillGaussian (WebAssembly, Math.exp/Math.log imported) equals the TypeScript loop bit for bit', () => {
  it('lengths around the chunk edges, and the rng left in the same state', () => {
    for (const n of [0, 1, 2, 255, 65535, 65536, 65537, 200_001]) {
      const rngA = createRng('gaussian', n);
      const rngB = createRng('gaussian', n);
      const a = new Float32Array(n);
      const b = new Float32Array(n);
      fillGaussian(a, rngA);
      fillGaussianBefore(b, rngB);
      expect(firstDifference(a, b), `n = ${n}`).toBe(-1);
      expect(rngA.next()).toBe(rngB.next());
    }
  });

  it('4 M samples over several seeds: the wedge tests and the tail (|x| > 3.65) are all taken', () => {
    let tail = 0;
    for (const seed of [1, 2, 3, 4]) {
      const a = new Float32Array(1_000_000);
      const b = new Float32Array(1_000_000);
      fillGaussian(a, createRng('gaussian-many', seed));
      fillGaussianBefore(b, createRng('gaussian-many', seed));
      expect(firstDifference(a, b), `seed ${seed}`).toBe(-1);
      for (const x of a) if (Math.abs(x) > 3.6541528853610088) tail++;
    }
    // P(|x| > R) ≈ 2.6e-4: about a thousand draws from the tail in 4 M.
    expect(tail).toBeGreaterThan(500);
  });

  it('with its energy taken by the kernel: the same samples, and the sum the loop over them gives', () => {
    for (const n of [0, 1, 65535, 65537, 200_001]) {
      const a = new Float32Array(n);
      const b = new Float32Array(n);
      const energy = fillGaussianWithEnergy(a, createRng('energy', n));
      fillGaussianBefore(b, createRng('energy', n));
      expect(firstDifference(a, b), `n = ${n}`).toBe(-1);
      // The loop fillGaussianWithEnergy ran before: float32 samples squared and summed in
      // double, in sample order.
      let sum = 0;
      for (let i = 0; i < n; i++) sum += b[i] * b[i];
      expect(Object.is(energy, sum), `n = ${n}`).toBe(true);
    }
  });
});
