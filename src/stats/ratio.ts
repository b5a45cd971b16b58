/**
 * Ratio estimators on speaker-clustered counts. A group's corpus WER (or degradation) is
 * R = Σ aᵢ / Σ bᵢ over its speakers i; its delta-method (linearisation) variance is
 *   V = m/(m − 1) · Σ (aᵢ − R·bᵢ)² / (Σ bᵢ)²,
 * the ratio estimator's standard variance with the m/(m − 1) factor that makes it unbiased
 * for equal-sized clusters. Everything is kept as six running sums so that a permutation
 * or a subset (the "rest") is a subtraction away.
 */
export interface RatioSums {
  /** Clusters (speakers). */
  m: number;
  /** Σ a (numerator), Σ b (denominator). */
  a: number;
  b: number;
  aa: number;
  ab: number;
  bb: number;
}

export const emptySums = (): RatioSums => ({ m: 0, a: 0, b: 0, aa: 0, ab: 0, bb: 0 });

export function addCluster(s: RatioSums, a: number, b: number): void {
  s.m++;
  s.a += a;
  s.b += b;
  s.aa += a * a;
  s.ab += a * b;
  s.bb += b * b;
}

export function minus(x: RatioSums, y: RatioSums): RatioSums {
  return {
    m: x.m - y.m,
    a: x.a - y.a,
    b: x.b - y.b,
    aa: x.aa - y.aa,
    ab: x.ab - y.ab,
    bb: x.bb - y.bb,
  };
}

export function ratio(s: RatioSums): number {
  return s.b > 0 ? s.a / s.b : Number.NaN;
}

/** Delta-method variance of the ratio; NaN with fewer than two clusters. */
export function ratioVariance(s: RatioSums): number {
  return ratioVarianceOf(s.m, s.a, s.b, s.aa, s.ab, s.bb);
}

/** The same on loose numbers (for the permutation loop, which keeps sums in typed arrays). */
export function ratioVarianceOf(
  m: number,
  a: number,
  b: number,
  aa: number,
  ab: number,
  bb: number,
): number {
  if (m < 2 || !(b > 0)) return Number.NaN;
  const r = a / b;
  const ss = Math.max(0, aa - 2 * r * ab + r * r * bb);
  return ((m / (m - 1)) * ss) / (b * b);
}

/** Welch–Satterthwaite degrees of freedom of a difference of two independent estimates. */
export function welchDf(v1: number, m1: number, v2: number, m2: number): number {
  const num = (v1 + v2) ** 2;
  const den = (m1 > 1 ? (v1 * v1) / (m1 - 1) : 0) + (m2 > 1 ? (v2 * v2) / (m2 - 1) : 0);
  return den > 0 ? num / den : Math.max(1, Math.min(m1, m2) - 1);
}
