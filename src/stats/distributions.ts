import tCdfStdlib from '@stdlib/stats-base-dists-t-cdf';
import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';
import { normalQuantile } from './quantile.js';

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional; ∞ → normal). */
export function tCdf(t: number, df: number): number {
  if (!Number.isFinite(df)) return 1 - normalUpperTail(t);
  return tCdfStdlib(t, df);
}

/** The p-quantile of Student's t with `df` degrees of freedom. */
export function tQuantile(p: number, df: number): number {
  if (!Number.isFinite(df)) return normalQuantile(p);
  return tQuantileStdlib(p, df);
}

/** One-sided upper-tail p-value P(T > t). */
export function tUpper(t: number, df: number): number {
  return 1 - tCdf(t, df);
}

/**
 * Maps a t statistic with `df` degrees of freedom to the standard-normal scale with Wallace's
 * (1959) approximation z = (8ν + 1)/(8ν + 3) · √(ν·ln(1 + t²/ν)) (sign kept). Used inside the
 * permutation loop, where an exact t CDF per statistic would cost ~3 µs: the permutation
 * calibrates the test anyway, the transform only puts statistics with different degrees of
 * freedom on one scale before their maximum is taken (so max-T behaves like min-P).
 */
export function tToZ(t: number, df: number): number {
  if (!Number.isFinite(df) || df > 1e6) return t;
  const z = ((8 * df + 1) / (8 * df + 3)) * Math.sqrt(df * Math.log1p((t * t) / df));
  return t < 0 ? -z : z;
}

/** Standard normal upper-tail probability P(Z > z) (Abramowitz–Stegun 7.1.26 via erfc, |err| < 1.5e-7). */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc (Chebyshev), relative error < 1.2e-7 everywhere.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
