import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { normalUpperTail } from '../../src/stats/distributions.js';
import { fitPoisson } from '../../src/stats/glm.js';
import { holmAdjust } from '../../src/stats/holm.js';
import { normalQuantile } from '../../src/stats/quantile.js';
import { interactionModel } from '../../src/stats/ratio-of-ratios.js';

function poisson(rng: ReturnType<typeof createRng>, lambda: number): number {
  // Knuth for small means, normal approximation for large ones.
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.gaussian()));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}

describe('Poisson IRLS', () => {
  it('solves the score equations on a non-saturated design', () => {
    const rng = createRng('glm-score');
    const n = 200;
    const p = 3;
    const x = new Float64Array(n * p);
    const y = new Float64Array(n);
    const offset = new Float64Array(n);
    const cluster = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const a = rng.next() < 0.5 ? 1 : 0;
      const b = rng.gaussian();
      x.set([1, a, b], i * p);
      offset[i] = Math.log(5 + rng.int(20));
      y[i] = poisson(rng, Math.exp(offset[i] - 1.5 + 0.4 * a + 0.3 * b));
      cluster[i] = Math.floor(i / 4);
    }
    const fit = fitPoisson({ x, p, y, offset, cluster })!;
    expect(fit.converged).toBe(true);
    const score = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      let eta = offset[i];
      for (let k = 0; k < p; k++) eta += x[i * p + k] * fit.beta[k];
      for (let k = 0; k < p; k++) score[k] += x[i * p + k] * (y[i] - Math.exp(eta));
    }
    for (const s of score) expect(Math.abs(s)).toBeLessThan(1e-6);
    expect(fit.beta[1]).toBeGreaterThan(0.1);
    expect(fit.beta[1]).toBeLessThan(0.7);
  });

  it('gives the ratio of ratios in the saturated group × condition design', () => {
    const m = interactionModel(
      {
        inGroup: Uint8Array.from([1, 1, 0, 0]),
        baseErrors: Float64Array.from([5, 5, 10, 10]),
        baseWords: Float64Array.from([100, 100, 100, 100]),
        condErrors: Float64Array.from([30, 30, 20, 20]),
        condWords: Float64Array.from([100, 100, 100, 100]),
      },
      0.05,
    );
    // Group: 5 % → 30 % (×6); others: 10 % → 20 % (×2); ratio 3.
    expect(m.ratio!).toBeCloseTo(3, 8);
  });

  it('clustered standard errors track the real spread under speaker variance; model SEs do not', () => {
    const reps = 150;
    const estimates: number[] = [];
    const clusterSe: number[] = [];
    const modelSe: number[] = [];
    for (let r = 0; r < reps; r++) {
      const rng = createRng('glm-sandwich', r);
      const speakers = 20;
      const inGroup = new Uint8Array(speakers);
      const be = new Float64Array(speakers);
      const bw = new Float64Array(speakers);
      const ce = new Float64Array(speakers);
      const cw = new Float64Array(speakers);
      for (let s = 0; s < speakers; s++) {
        inGroup[s] = s < speakers / 2 ? 1 : 0;
        const u = 0.6 * rng.gaussian();
        const v = 0.4 * rng.gaussian();
        bw[s] = 300;
        cw[s] = 300;
        be[s] = poisson(rng, 300 * 0.1 * Math.exp(u));
        ce[s] = poisson(rng, 300 * 0.2 * Math.exp(u + v));
      }
      const m = interactionModel(
        { inGroup, baseErrors: be, baseWords: bw, condErrors: ce, condWords: cw },
        0.05,
      );
      estimates.push(m.logRatio!);
      clusterSe.push(m.se!);
      modelSe.push(m.seModel!);
    }
    const mean = estimates.reduce((a, b) => a + b, 0) / reps;
    const sd = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (reps - 1));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(avg(clusterSe) / sd).toBeGreaterThan(0.8);
    expect(avg(clusterSe) / sd).toBeLessThan(1.25);
    expect(avg(modelSe) / sd).toBeLessThan(0.7);
  });

  it('reports "not estimable" when a cell has no errors', () => {
    const m = interactionModel(
      {
        inGroup: Uint8Array.from([1, 0]),
        baseErrors: Float64Array.from([0, 3]),
        baseWords: Float64Array.from([50, 50]),
        condErrors: Float64Array.from([4, 6]),
        condWords: Float64Array.from([50, 50]),
      },
      0.05,
    );
    expect(m.ratio).toBeNull();
    expect(m.note).toMatch(/no errors \(group, clean\)/);
  });
});

describe('helpers', () => {
  it('normal tail and quantile agree with known values', () => {
    expect(normalUpperTail(1.959963985)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
  });

  it('Holm adjusts step-down with monotonicity', () => {
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([0.02, 0.9])).toEqual([0.04, 0.9]);
    expect(holmAdjust([])).toEqual([]);
  });
});
