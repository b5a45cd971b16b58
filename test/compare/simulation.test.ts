import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/compare.js';
import type { PairedUnit, Pairing } from '../../src/compare/pair-runs.js';
import type { UtteranceRow } from '../../src/results/row.js';
import { createRng, type Rng } from '../../src/rng.js';

/**
 * compare's max-T test measured by simulation on a realistic null: four groups of ten
 * speakers, six 9-word clips each, speakers differing in how error-prone they are (a beta
 * spread of rates), conditions raising every speaker's rate, and two runs drawn independently
 * from the same rates — the nightly "nothing changed" case, where words still come and go by
 * chance. The family-wise rate of any cell called changed must stay at α; a real change in
 * one group must be found.
 */
const GROUPS = ['g1', 'g2', 'g3', 'g4'];
const CONDITIONS = ['clean', 'hum', 'noise@snr=20', 'noise@snr=10'];
const WORDS = 'the patient in bed four needs a fresh dressing'.split(' ');

function beta(rng: Rng, a: number, b: number): number {
  // Ratio of gammas via sums of exponentials (integer shapes suffice here).
  const gamma = (k: number) => {
    let s = 0;
    for (let i = 0; i < k; i++) s -= Math.log(1 - rng.next());
    return s;
  };
  const x = gamma(a);
  return x / (x + gamma(b));
}

function simulate(seed: number, planted: { group: string; extra: number } | null): Pairing {
  const rng = createRng('test/compare-sim', seed);
  const units: PairedUnit[] = [];
  const hyp = (p: number) => WORDS.filter(() => rng.next() >= p).join(' ');
  for (const group of GROUPS)
    for (let s = 0; s < 10; s++) {
      const speaker = `${group}-s${s}`;
      const base = beta(rng, 2, 18); // mean 10 % word loss, speakers spread
      for (let c = 0; c < 6; c++)
        CONDITIONS.forEach((condition, k) => {
          const p = Math.min(0.9, base * (1 + k));
          const extra = planted && planted.group === group && k > 0 ? planted.extra : 0;
          const row = (h: string): UtteranceRow => ({
            unit: `${condition}|e|${speaker}-${c}`,
            id: `${speaker}-${c}`,
            speaker,
            labels: { accent: group },
            condition,
            engine: 'e',
            reference: WORDS.join(' '),
            hypothesis: h,
          });
          units.push({
            engine: 'e',
            condition,
            clip: `${speaker}-${c}`,
            speaker,
            group,
            reference: WORDS.join(' '),
            baseline: row(hyp(p)),
            current: row(hyp(Math.min(0.95, p + extra))),
          });
        });
    }
  return {
    units,
    engines: [{ baseline: 'e', current: 'e' }],
    mismatches: [],
    leftOut: [],
    verified: units.length,
    unverified: 0,
  };
}

const OPTIONS = {
  alpha: 0.05,
  rules: [{ rule: 'regression' as const, level: 'error' as const, max: 0 }],
  permutations: 500,
  // Intervals are not what is measured here.
  resamples: 0,
};

describe('compare: paired max-T test by simulation', () => {
  it('holds the family-wise error rate at α on a realistic null (200 pairs of runs)', () => {
    const runs = 200;
    const anyCalled = { wer: 0, degradation: 0, excess: 0 };
    for (let i = 0; i < runs; i++) {
      const cells = compareRuns(simulate(i, null), 'en-basic@1', { ...OPTIONS, seed: i });
      for (const m of ['wer', 'degradation', 'excess'] as const)
        if (cells.some((c) => c.metric === m && c.status !== 'unchanged')) anyCalled[m]++;
    }
    // α = 0.05 over 200 runs: the rate's standard error is 0.015; allow 2.5 of them.
    for (const m of ['wer', 'degradation', 'excess'] as const)
      expect(anyCalled[m] / runs, m).toBeLessThan(0.09);
    // …and it is a test, not a constant: it rejects sometimes under the null.
    expect(anyCalled.wer + anyCalled.degradation + anyCalled.excess).toBeGreaterThan(0);
  });

  it('finds a group that loses 15 % more words in the new run, and only in that group’s WER cells', () => {
    let found = 0;
    let wrongGroup = 0;
    const runs = 30;
    for (let i = 0; i < runs; i++) {
      const cells = compareRuns(simulate(1000 + i, { group: 'g3', extra: 0.15 }), 'en-basic@1', {
        ...OPTIONS,
        seed: i,
      });
      const wer = cells.filter((c) => c.metric === 'wer' && c.status === 'regressed');
      if (wer.some((c) => c.group === 'g3')) found++;
      wrongGroup += wer.filter((c) => c.group !== 'g3').length;
    }
    expect(found / runs).toBeGreaterThan(0.9);
    expect(wrongGroup).toBeLessThanOrEqual(2);
  });
});
