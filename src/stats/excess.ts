import type { CellUnits } from './cell-units.js';
import {
  addCluster,
  emptySums,
  minus,
  type RatioSums,
  ratio,
  ratioVariance,
  welchDf,
} from './ratio.js';

/**
 * The primary effect: a group's degradation against the other groups pooled, on the same
 * (paired) clips —
 *   excess = [Σ_g (e₁ − e₀) / Σ_g w] − [Σ_rest (e₁ − e₀) / Σ_rest w]
 * with e₀, e₁ the clean and perturbed errors and w the reference words of each speaker. The
 * rest excludes the group, so the figure means the same whatever the group's share of words
 * (against a pool that contains the group, it would shrink by that share).
 */
export interface Contrast {
  /** Group ratio − rest ratio. */
  readonly value: number;
  readonly group: number;
  readonly rest: number;
  /** Delta-method standard error (independent speakers in group and rest). */
  readonly se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  readonly speakersGroup: number;
  readonly speakersRest: number;
}

export function contrastOf(g: RatioSums, r: RatioSums): Contrast {
  const vg = ratioVariance(g);
  const vr = ratioVariance(r);
  return {
    value: ratio(g) - ratio(r),
    group: ratio(g),
    rest: ratio(r),
    se: Math.sqrt(vg + vr),
    df: welchDf(vg, g.m, vr, r.m),
    speakersGroup: g.m,
    speakersRest: r.m,
  };
}

/** Per-group and total sums of a numerator over words. */
export function groupSums(
  cell: CellUnits,
  numerator: (i: number) => number,
  denominator: (i: number) => number = (i) => cell.words[i],
): { perGroup: RatioSums[]; total: RatioSums } {
  const perGroup = cell.groups.map(() => emptySums());
  const total = emptySums();
  for (let i = 0; i < cell.unit.length; i++) {
    const a = numerator(i);
    const b = denominator(i);
    addCluster(perGroup[cell.groupOf[i]], a, b);
    addCluster(total, a, b);
  }
  return { perGroup, total };
}

/** Group k against the rest for every k: excess of degradation (the verdict's effect). */
export function excessByGroup(cell: CellUnits): Contrast[] {
  const { perGroup, total } = groupSums(cell, (i) => cell.condErrors[i] - cell.baseErrors[i]);
  return perGroup.map((g) => contrastOf(g, minus(total, g)));
}

/** Clean-speech gap: clean WER of the group − clean WER of the rest, same clips. */
export function cleanGapByGroup(cell: CellUnits): Contrast[] {
  const clean = cell.data.isBaseline ? cell.condErrors : cell.baseErrors;
  const { perGroup, total } = groupSums(cell, (i) => clean[i]);
  return perGroup.map((g) => contrastOf(g, minus(total, g)));
}

/** One group's own ratio (WER, degradation, relative degradation) with df = m − 1. */
export interface OwnRatio {
  readonly value: number;
  readonly se: number;
  readonly df: number;
}

export function ownRatios(
  cell: CellUnits,
  numerator: (i: number) => number,
  denominator?: (i: number) => number,
): OwnRatio[] {
  const { perGroup } = groupSums(cell, numerator, denominator);
  return perGroup.map((s) => ({
    value: ratio(s),
    se: Math.sqrt(ratioVariance(s)),
    df: Math.max(1, s.m - 1),
  }));
}
