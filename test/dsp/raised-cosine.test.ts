import { describe, expect, it } from 'vitest';
import { raisedCosineEdge, writePulse } from '../../src/dsp/raised-cosine.js';

describe('raised-cosine pulse', () => {
  it('edge runs 0 → ½ → 1 with zero slope at both ends', () => {
    expect(raisedCosineEdge(-1)).toBe(0);
    expect(raisedCosineEdge(0)).toBe(0);
    expect(raisedCosineEdge(0.5)).toBeCloseTo(0.5, 12);
    expect(raisedCosineEdge(1)).toBe(1);
    expect(raisedCosineEdge(3)).toBe(1);
    const h = 1e-6;
    expect(raisedCosineEdge(h) / h).toBeLessThan(1e-4);
    expect((1 - raisedCosineEdge(1 - h)) / h).toBeLessThan(1e-4);
  });

  it('a pulse sums to (duration − edge)·rate, is symmetric, and is clipped to the buffer', () => {
    const rate = 16_000;
    const env = new Float32Array(rate);
    writePulse(env, rate, 0.25, 0.5, 0.05);
    // Each raised-cosine ramp holds half its length: area = plateau + 2 · edge/2.
    const area = env.reduce((a, x) => a + x, 0);
    expect(area / rate).toBeCloseTo(0.45, 3);
    for (let i = 4000; i < 12_000; i++) expect(env[i]).toBeCloseTo(env[16_000 - i], 5);
    expect(env[3999]).toBe(0);
    expect(env[12_000]).toBe(0);
    const early = new Float32Array(rate);
    writePulse(early, rate, -0.25, 0.5, 0.05); // began before the clip: only its tail is written
    expect(early[0]).toBe(1);
    expect(early[Math.ceil(0.25 * rate)]).toBe(0);
  });
});
