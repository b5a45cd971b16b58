import { tCdf, tQuantile } from './distributions.js';

/**
 * Power of the excess test and the minimum detectable excess (MDE). A test of level p* on a
 * t statistic with `df` degrees of freedom flags an excess Δ with probability
 *   power(Δ) ≈ P(t_df > t_{1−p*} − Δ/se),
 * so 80 % power needs Δ = (t_{1−p*, df} + t_{0.8, df}) · se. The level p* is the per-test level
 * the family's first step needs (max-T's critical value, or α/m for Holm), so the MDE is the
 * excess this cell, in this run, would have flagged as significant 80 % of the time.
 */
export function minimumDetectable(se: number, df: number, level: number, power = 0.8): number {
  if (!(se > 0) || !(df > 0) || !(level > 0 && level < 1)) return Number.NaN;
  return (tQuantile(1 - level, df) + tQuantile(power, df)) * se;
}

export function powerAt(effect: number, se: number, df: number, level: number): number {
  if (!(se > 0) || !(df > 0)) return Number.NaN;
  return 1 - tCdf(tQuantile(1 - level, df) - effect / se, df);
}

/** What a planner states about a corpus (all rates as fractions: 0.25 = 25 % WER). */
export interface Design {
  /** Groups compared (each against the rest). */
  readonly groups: number;
  /** Speakers in each group. */
  readonly speakersPerGroup: number;
  /** Reference words each speaker contributes per condition. */
  readonly wordsPerSpeaker: number;
  /** Clean WER of a typical speaker. */
  readonly cleanWer: number;
  /** WER added by the condition for a typical speaker. */
  readonly degradation: number;
  /** Between-speaker standard deviation of the degradation (WER fraction). */
  readonly spread: number;
  /** Tests in the family (engines × conditions × groups); the level is α/tests (Holm's first step). */
  readonly tests: number;
  readonly alpha: number;
}

/**
 * Standard error of one group's excess under a design: each speaker's degradation varies by
 * the binomial noise of its clean and perturbed words (independent draws, which errs on the
 * safe side: real errors on the same clips correlate positively) plus the between-speaker
 * spread; the rest holds (groups − 1) times as many speakers.
 */
export function designStandardError(d: Design): { se: number; df: number } {
  const p0 = d.cleanWer;
  const p1 = Math.min(1, d.cleanWer + d.degradation);
  const perSpeaker = (p0 * (1 - p0) + p1 * (1 - p1)) / d.wordsPerSpeaker + d.spread ** 2;
  const mg = d.speakersPerGroup;
  const mr = (d.groups - 1) * d.speakersPerGroup;
  const vg = perSpeaker / mg;
  const vr = perSpeaker / mr;
  const df = (vg + vr) ** 2 / ((vg * vg) / (mg - 1) + (vr * vr) / (mr - 1));
  return { se: Math.sqrt(vg + vr), df };
}

export function designMde(d: Design, power = 0.8): number {
  const { se, df } = designStandardError(d);
  return minimumDetectable(se, df, d.alpha / Math.max(1, d.tests), power);
}

/** Fewest speakers per group (2…10,000) whose MDE is at most `excess`; null if none. */
export function speakersNeeded(d: Design, excess: number, power = 0.8): number | null {
  let lo = 2;
  let hi = 10_000;
  if (designMde({ ...d, speakersPerGroup: hi }, power) > excess) return null;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (designMde({ ...d, speakersPerGroup: mid }, power) <= excess) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
