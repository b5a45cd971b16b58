import { tQuantile } from './distributions.js';

/**
 * Two-sided t interval estimate ± t_{1−α/2, df} · se on speaker-clustered data. Chosen over the
 * percentile bootstrap, which covers ≈ 0.90 at 10 speakers a group (its (n − 1)/n variance
 * and normal tails are the shortfall, not skew): bench/stats-calibration.ts measures this
 * interval's coverage on the same grid as the test's size.
 */
export function tInterval(
  estimate: number,
  se: number,
  df: number,
  alpha: number,
): [number, number] | null {
  if (!Number.isFinite(estimate) || !Number.isFinite(se) || !(df > 0)) return null;
  const t = tQuantile(1 - alpha / 2, df);
  return [estimate - t * se, estimate + t * se];
}

export interface IntervalEstimate {
  value: number | null;
  ci: [number, number] | null;
  se: number | null;
  df: number | null;
}

/** The summary's estimate object: value, t interval, standard error and df (nulls when not estimable). */
export function estimateWithInterval(
  value: number,
  se: number,
  df: number,
  alpha: number,
): IntervalEstimate {
  const ok = Number.isFinite(value);
  return {
    value: ok ? value : null,
    ci: ok ? tInterval(value, se, df, alpha) : null,
    se: Number.isFinite(se) ? se : null,
    df: Number.isFinite(df) && df > 0 ? df : null,
  };
}
