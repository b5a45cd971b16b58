import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { getNormalizer } from '../../src/scoring/normalize.js';
import { computeSummary } from '../../src/stats/compute.js';
import { simulateCalibrationRows } from '../../src/stats/simulate.js';
import type { Summary } from '../../src/stats/summary-schema.js';

/**
 * A small copy of bench/stats-calibration.ts's hardest null: 10 speakers in the tested group
 * against 30/30/30, the tested group's speakers varying 3× as much in degradation, no group
 * degrading more on average. The v1 test (raw excess, labels permuted) rejects ≈ 11 % of the
 * time here (bench: 0.115 over 400 datasets); the studentized test must hold its size.
 */
const none = getNormalizer('none');
const DATASETS = 120;
const PERMUTATIONS = 499;
const groups = [
  { name: 'a', speakers: 10, spread: 0.12 },
  { name: 'b', speakers: 30 },
  { name: 'c', speakers: 30 },
  { name: 'd', speakers: 30 },
];

/** v1's one-sided p for group a, recomputed from summary.json's per-speaker counts. */
function rawPermutationP(s: Summary, seed: number): number {
  const units = s.cells[1].groups.flatMap((g) =>
    g.perSpeaker.map((p) => ({
      a: g.group === 'a',
      d: p.condition.errors - p.baseline!.errors,
      w: p.condition.refWords,
    })),
  );
  const total = units.reduce((t, u) => ({ d: t.d + u.d, w: t.w + u.w }), { d: 0, w: 0 });
  const excess = (inA: boolean[]) => {
    let d = 0;
    let w = 0;
    units.forEach((u, i) => {
      if (inA[i]) {
        d += u.d;
        w += u.w;
      }
    });
    return d / w - total.d / total.w;
  };
  const labels = units.map((u) => u.a);
  const observed = excess(labels);
  const rng = createRng('test/v1', seed);
  let exceed = 0;
  for (let r = 0; r < PERMUTATIONS; r++) {
    for (let i = labels.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [labels[i], labels[j]] = [labels[j], labels[i]];
    }
    if (excess(labels) >= observed - 1e-12) exceed++;
  }
  return (1 + exceed) / (1 + PERMUTATIONS);
}

describe('size on a realistic null (10/30/30/30, tested group SD 3×)', () => {
  it('the studentized test holds α = 0.05 where the raw permutation test does not', () => {
    let studentized = 0;
    let raw = 0;
    let covered = 0;
    for (let i = 0; i < DATASETS; i++) {
      const rows = simulateCalibrationRows({ seed: `test-null/${i}`, groups });
      const s = computeSummary(rows, {
        normalizer: none,
        permutations: PERMUTATIONS,
        seed: i,
        excessDegradationPoints: 0,
      });
      const a = s.cells[1].groups.find((g) => g.group === 'a')!;
      if (a.test!.p <= 0.05) studentized++;
      if (rawPermutationP(s, i) <= 0.05) raw++;
      if (a.excess!.ci![0] <= 0 && a.excess!.ci![1] >= 0) covered++;
    }
    // 0.09 is 2 Monte Carlo SEs above 0.05 at 120 datasets.
    expect(studentized / DATASETS).toBeLessThanOrEqual(0.09);
    expect(raw / DATASETS).toBeGreaterThan(0.09);
    expect(covered / DATASETS).toBeGreaterThanOrEqual(0.9);
  });
});

describe('power where the data can tell', () => {
  it('flags a planted 12-point excess in most datasets of 4 × 20 speakers', () => {
    let flagged = 0;
    const n = 20;
    for (let i = 0; i < n; i++) {
      const rows = simulateCalibrationRows({
        seed: `test-planted/${i}`,
        groups: ['a', 'b', 'c', 'd'].map((name) => ({
          name,
          speakers: 20,
          extra: name === 'a' ? 0.12 : 0,
        })),
      });
      const s = computeSummary(rows, { normalizer: none, permutations: PERMUTATIONS, seed: i });
      if (s.cells[1].groups.find((g) => g.group === 'a')!.verdict === 'disproportionate') flagged++;
    }
    expect(flagged / n).toBeGreaterThanOrEqual(0.8);
  });
});
