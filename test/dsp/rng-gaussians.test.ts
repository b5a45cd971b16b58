import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';

describe('rng.gaussians gives what as many gaussian() calls give, and leaves the stream where they do', () => {
  it('even and odd counts, a spare carried in and out, other draws in between', () => {
    const a = createRng('gaussians');
    const b = createRng('gaussians');
    for (const n of [0, 1, 2, 3, 7, 1000, 17_147, 1]) {
      const bulk = new Float64Array(n + 2);
      a.gaussians(bulk, 1, n + 1);
      const one = [0, ...Array.from({ length: n }, () => b.gaussian()), 0];
      expect(Array.from(bulk)).toEqual(one);
      // The next draws agree too: the spare (odd n) and the generator's state.
      expect(a.gaussian()).toBe(b.gaussian());
      expect(a.next()).toBe(b.next());
    }
  });
});
