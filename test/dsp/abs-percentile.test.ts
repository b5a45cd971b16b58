import { describe, expect, it } from 'vitest';
import { absPercentile } from '../../perturbations/clipping.js';
import { createRng } from '../../src/rng.js';
import { speechClip } from '../helpers/speech.js';

/** Nearest-rank percentile of |x| by sorting: what the histogram selection must reproduce. */
function bySort(x: Float32Array, p: number): number {
  const a = x.map(Math.abs).sort();
  return a[Math.min(x.length - 1, Math.max(0, Math.ceil((p / 100) * x.length) - 1))];
}

describe('absPercentile (float32 bit-pattern histogram, then one bucket sorted)', () => {
  it('equals the sorted nearest rank exactly on corpus speech', async () => {
    for (const i of [0, 1, 2]) {
      const { samples } = await speechClip(i);
      for (const p of [0, 1, 50, 90, 99, 99.9, 100])
        expect(absPercentile(samples, p)).toBe(bySort(samples, p));
    }
  });

  it('equals it on random lengths, zeros, negative zeros and values over six decades', () => {
    const rng = createRng('abs-percentile');
    for (let t = 0; t < 200; t++) {
      const x = Float32Array.from({ length: 1 + rng.int(3000) }, () => {
        const u = rng.next();
        return u < 0.1 ? 0 : u < 0.2 ? -0 : rng.uniform(-1, 1) * 10 ** rng.uniform(-6, 0);
      });
      for (const p of [0, 33.3, 99, 100, rng.uniform(0, 100)])
        expect(absPercentile(x, p)).toBe(bySort(x, p));
    }
  });
});
