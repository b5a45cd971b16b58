import { describe, expect, it } from 'vitest';
import { getNormalizer } from '../../src/scoring/normalize.js';
import { computeSummary } from '../../src/stats/compute.js';
import { simulateRows } from '../../src/stats/simulate.js';

/**
 * Seeded simulation checks of the statistics: planted disparities are found and covered,
 * null data flags at or below the nominal rate, and one outlier speaker does not condemn a
 * group once speakers are the resampling unit.
 */
const none = getNormalizer('none');
const GROUPS = ['a', 'b', 'c', 'd'];

function groups(extraForA: number, speakers = 8) {
  return GROUPS.map((name) => ({ name, speakers, extraDegradation: name === 'a' ? extraForA : 0 }));
}

describe('planted disparity', () => {
  it('flags the group and its interval covers the planted excess', () => {
    const extra = 0.15;
    // The excess is measured against the other groups pooled, so it is the planted extra.
    const planted = extra;
    const rows = simulateRows({ seed: 'planted', groups: groups(extra), utterancesPerSpeaker: 15 });
    const s = computeSummary(rows, { normalizer: none, seed: 7 });
    const cell = s.cells.find((c) => c.condition === 'noisy')!;
    const a = cell.groups.find((g) => g.group === 'a')!;
    expect(a.verdict).toBe('disproportionate');
    expect(a.excess!.ci![0]).toBeLessThanOrEqual(planted);
    expect(a.excess!.ci![1]).toBeGreaterThanOrEqual(planted);
    expect(a.model!.ratio!).toBeGreaterThan(1);
    expect(a.model!.rejected).toBe(true);
    for (const g of cell.groups.filter((x) => x.group !== 'a'))
      expect(g.verdict).not.toBe('disproportionate');
    expect(s.outcome.failed).toBe(true);
    expect(s.flagged.map((f) => f.group)).toEqual(['a']);
  });

  it('intervals cover the planted excess at close to the nominal rate over seeds', () => {
    const extra = 0.12;
    const planted = extra;
    const seeds = 60;
    let covered = 0;
    let flagged = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const rows = simulateRows({
        seed: `cov-${seed}`,
        groups: groups(extra),
        utterancesPerSpeaker: 10,
      });
      const s = computeSummary(rows, { normalizer: none, permutations: 400, seed });
      const a = s.cells[1].groups.find((g) => g.group === 'a')!;
      if (a.excess!.ci![0] <= planted && planted <= a.excess!.ci![1]) covered++;
      if (a.verdict === 'disproportionate') flagged++;
    }
    // t intervals with Welch df (bench/stats-calibration.ts measures ≥ 0.93 over 400
    // datasets a row); 60 seeds only catch a clearly broken interval.
    expect(covered / seeds).toBeGreaterThanOrEqual(0.85);
    expect(flagged / seeds).toBeGreaterThan(0.5);
  });
});

describe('null data (no disparity, realistic speaker variance)', () => {
  it('flags at or below the nominal family-wise rate over many seeds', () => {
    const seeds = 150;
    const alpha = 0.05;
    let anyRejected = 0;
    let raw = 0;
    let tests = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const rows = simulateRows({
        seed: `null-${seed}`,
        groups: groups(0),
        utterancesPerSpeaker: 10,
        speakerSd: 0.6,
      });
      // Practical threshold 0: this measures the statistical test alone.
      const s = computeSummary(rows, {
        normalizer: none,
        permutations: 400,
        excessDegradationPoints: 0,
        seed,
      });
      const gs = s.cells[1].groups;
      if (gs.some((g) => g.verdict === 'disproportionate')) anyRejected++;
      for (const g of gs) {
        tests++;
        if (g.test!.p <= alpha) raw++;
      }
    }
    const fwer = anyRejected / seeds;
    // One-sided binomial margin (2.33 SE) over the nominal rate.
    expect(fwer).toBeLessThanOrEqual(alpha + 2.33 * Math.sqrt((alpha * (1 - alpha)) / seeds));
    // Unadjusted p-values are calibrated, not just conservative.
    expect(raw / tests).toBeGreaterThan(0.02);
    expect(raw / tests).toBeLessThan(0.09);
  });
});

describe('a single outlier speaker', () => {
  const rows = simulateRows({
    seed: 'outlier',
    groups: groups(0),
    utterancesPerSpeaker: 15,
    outlier: { group: 'a', extra: 0.7 },
  });
  const options = { normalizer: none, seed: 3 } as const;

  it('does not make the group disproportionate when speakers are the resampling unit', () => {
    const s = computeSummary(rows, { ...options, unit: 'speaker' });
    const a = s.cells[1].groups.find((g) => g.group === 'a')!;
    expect(a.excess!.value! * 100).toBeGreaterThan(5);
    expect(a.verdict).not.toBe('disproportionate');
    expect(a.test!.rejected).toBe(false);
  });

  it('would be flagged by a naive per-utterance test', () => {
    const s = computeSummary(rows, { ...options, unit: 'utterance' });
    const a = s.cells[1].groups.find((g) => g.group === 'a')!;
    expect(a.verdict).toBe('disproportionate');
    expect(s.methods.interval.unit).toBe('utterance');
  });
});

describe('data rules', () => {
  it('says "insufficient data" with the numbers instead of a verdict', () => {
    const rows = simulateRows({
      seed: 'small',
      groups: [
        { name: 'big1', speakers: 6 },
        { name: 'big2', speakers: 6 },
        { name: 'tiny', speakers: 2, extraDegradation: 0.4 },
      ],
      utterancesPerSpeaker: 10,
    });
    const s = computeSummary(rows, { normalizer: none });
    const tiny = s.cells[1].groups.find((g) => g.group === 'tiny')!;
    expect(tiny.verdict).toBe('insufficient data');
    expect(tiny.reason).toMatch(/2 speakers \(need 5\)/);
    expect(tiny.test).toBeNull();
    expect(s.methods.test.tests).toBe(2);
  });

  it('excludes errored units from denominators and reports coverage', () => {
    const rows = simulateRows({
      seed: 'err',
      groups: groups(0, 5),
      utterancesPerSpeaker: 10,
      errorRate: 0.1,
    });
    const s = computeSummary(rows, { normalizer: none });
    const erroredRows = rows.filter((r) => r.hypothesis === null).length;
    expect(s.input.errored).toBe(erroredRows);
    const cell = s.cells[1];
    const paired = cell.groups.reduce((t, g) => t + g.coverage.scored, 0);
    const words = cell.groups.reduce((t, g) => t + g.condition.refWords, 0);
    expect(paired).toBe(cell.pooled.condition.utterances);
    expect(words).toBe(cell.pooled.baseline!.refWords);
    expect(cell.groups.some((g) => !g.coverage.complete)).toBe(true);
    for (const g of cell.groups) {
      expect(g.coverage.scored + g.coverage.errored + g.coverage.baselineMissing).toBe(
        g.coverage.units,
      );
    }
  });

  it('is reproducible for a seed and sums per-speaker counts exactly', () => {
    const rows = simulateRows({ seed: 'repro', groups: groups(0.05, 5), utterancesPerSpeaker: 8 });
    const a = computeSummary(rows, { normalizer: none, seed: 11 });
    const b = computeSummary(rows, { normalizer: none, seed: 11 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    for (const g of a.cells[1].groups) {
      const errors = g.perSpeaker.reduce((t, sp) => t + sp.condition.errors, 0);
      expect(errors).toBe(g.condition.errors);
      expect(g.wer.value).toBeCloseTo(g.condition.errors / g.condition.refWords, 12);
    }
  });

  it('builds severity curves and engine differences', () => {
    const rows = simulateRows({
      seed: 'sweep',
      groups: groups(0.1, 5),
      utterancesPerSpeaker: 6,
      engines: ['e1', 'e2'],
      conditions: [
        { name: 'babble@snr=20', base: 'babble', value: 20, extraScale: 0.2 },
        { name: 'babble@snr=5', base: 'babble', value: 5, extraScale: 1 },
      ],
    });
    const s = computeSummary(rows, {
      normalizer: none,
      conditionOrder: ['clean', 'babble@snr=20', 'babble@snr=5'],
    });
    const curve = s.sweeps.find((c) => c.engine === 'e1' && c.base === 'babble')!;
    const a = curve.groups.find((g) => g.group === 'a')!;
    // Points in the run's planned order (mild to harsh), which the trend test follows.
    expect(a.points.map((p) => p.values['snr'])).toEqual([20, 5]);
    expect(a.points[1].wer.value!).toBeGreaterThan(a.points[0].wer.value!);
    expect(a.trend!.points).toBe(2);
    const diff = s.engineDifferences.find((d) => d.condition === 'clean' && d.group === '(all)')!;
    expect(diff.engineA).toBe('e1');
    // e2 is simulated with a higher error rate.
    expect(diff.difference.value!).toBeLessThan(0);
    expect(diff.difference.ci![0]).toBeLessThanOrEqual(diff.difference.value!);
  });
});
