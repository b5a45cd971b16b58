/**
 * Poisson regression by iteratively reweighted least squares, with speaker-clustered
 * (sandwich) standard errors — the model-based estimate beside the resampling one, in the
 * manner of Liu, Veliche & Peng (ICASSP 2022): error counts with log(reference words) as an
 * offset, so exp(coefficient) is a ratio of word error rates.
 *
 * Small dense linear algebra only: designs here have a handful of columns.
 */

export interface PoissonData {
  /** Design matrix, row-major, `n × p`. */
  readonly x: Float64Array;
  readonly p: number;
  /** Counts (errors), length n. */
  readonly y: Float64Array;
  /** Offsets (log reference words), length n. */
  readonly offset: Float64Array;
  /** Cluster index of each row (speaker), length n. */
  readonly cluster: Int32Array;
}

export interface PoissonFit {
  readonly beta: Float64Array;
  /** Model-based standard errors (inverse Fisher information). */
  readonly seModel: Float64Array;
  /** Cluster-robust (sandwich) standard errors with the G/(G−1) small-sample factor. */
  readonly seCluster: Float64Array;
  readonly converged: boolean;
  readonly iterations: number;
  readonly clusters: number;
  /** Full cluster-robust covariance, row-major p × p. */
  readonly covCluster: Float64Array;
  /**
   * CR3 cluster-robust covariance (Bell & McCaffrey 2002; clubSandwich's "CR3"): each
   * cluster's residuals are inflated by (I − H_gg)⁻¹, which approximates the
   * leave-one-cluster-out jackknife and does not run short with few clusters the way the
   * plain sandwich does. Row-major p × p.
   */
  readonly covCR3: Float64Array;
  readonly seCR3: Float64Array;
}

/** Cholesky factor (lower, row-major) of a symmetric positive-definite p × p matrix; null if not SPD. */
export function cholesky(a: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        if (!(s > 1e-12 * Math.max(1, Math.abs(a[i * p + i])))) return null;
        l[i * p + i] = Math.sqrt(s);
      } else {
        l[i * p + j] = s / l[j * p + j];
      }
    }
  }
  return l;
}

/** Solves L Lᵀ x = b for x. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
    z[i] = s / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return x;
}

/** Inverse of an SPD matrix from its Cholesky factor. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  return inv;
}

export interface IrlsOptions {
  readonly maxIterations?: number;
  /** Convergence when the relative change in deviance is below this. */
  readonly tolerance?: number;
}

/**
 * Maximum-likelihood Poisson fit (log link). Returns null when the information matrix is
 * singular (a design column with no data) — callers report "not estimable".
 */
export function fitPoisson(data: PoissonData, options: IrlsOptions = {}): PoissonFit | null {
  const { x, p, y, offset, cluster } = data;
  const n = y.length;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  const beta = new Float64Array(p);
  const mu = new Float64Array(n);
  // Start from the mean rate: eta = offset + log(sum y / sum exp(offset)).
  let sy = 0;
  let se = 0;
  for (let i = 0; i < n; i++) {
    sy += y[i];
    se += Math.exp(offset[i]);
  }
  const start = new Float64Array(n);
  for (let i = 0; i < n; i++) start[i] = offset[i] + Math.log(Math.max(sy, 0.5) / se);
  let eta = start;
  let deviance = Number.POSITIVE_INFINITY;
  let converged = false;
  let iterations = 0;
  let chol: Float64Array | null = null;
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  for (; iterations < maxIterations; iterations++) {
    xtwx.fill(0);
    xtwz.fill(0);
    for (let i = 0; i < n; i++) {
      const m = Math.exp(eta[i]);
      mu[i] = m;
      // Working response z = eta − offset + (y − mu)/mu, weight mu.
      const z = eta[i] - offset[i] + (y[i] - m) / m;
      const row = i * p;
      for (let a = 0; a < p; a++) {
        const xa = x[row + a] * m;
        xtwz[a] += xa * z;
        for (let b = 0; b <= a; b++) xtwx[a * p + b] += xa * x[row + b];
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtwx[b * p + a] = xtwx[a * p + b];
    chol = cholesky(xtwx, p);
    if (!chol) return null;
    const next = choleskySolve(chol, p, xtwz);
    beta.set(next);
    eta = new Float64Array(n);
    let dev = 0;
    for (let i = 0; i < n; i++) {
      let e = offset[i];
      const row = i * p;
      for (let a = 0; a < p; a++) e += x[row + a] * beta[a];
      eta[i] = e;
      const m = Math.exp(e);
      dev += 2 * ((y[i] > 0 ? y[i] * Math.log(y[i] / m) : 0) - (y[i] - m));
    }
    if (!Number.isFinite(dev)) return null;
    if (Math.abs(dev - deviance) <= tolerance * (Math.abs(dev) + 0.1)) {
      converged = true;
      deviance = dev;
      iterations++;
      break;
    }
    deviance = dev;
  }
  // Final information at the solution.
  xtwx.fill(0);
  for (let i = 0; i < n; i++) {
    const m = Math.exp(eta[i]);
    mu[i] = m;
    const row = i * p;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) xtwx[a * p + b] += x[row + a] * m * x[row + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtwx[b * p + a] = xtwx[a * p + b];
  chol = cholesky(xtwx, p);
  if (!chol) return null;
  const bread = choleskyInverse(chol, p);

  // Meat: sum over clusters of (sum_i x_i (y_i − mu_i)) (…)ᵀ.
  let g = 0;
  for (let i = 0; i < n; i++) if (cluster[i] + 1 > g) g = cluster[i] + 1;
  const scores = new Float64Array(g * p);
  for (let i = 0; i < n; i++) {
    const r = y[i] - mu[i];
    const row = i * p;
    const c = cluster[i] * p;
    for (let a = 0; a < p; a++) scores[c + a] += x[row + a] * r;
  }
  const meat = new Float64Array(p * p);
  for (let c = 0; c < g; c++) {
    for (let a = 0; a < p; a++) {
      const sa = scores[c * p + a];
      for (let b = 0; b < p; b++) meat[a * p + b] += sa * scores[c * p + b];
    }
  }
  const clusters = countDistinct(cluster);
  const factor = clusters > 1 ? clusters / (clusters - 1) : Number.NaN;
  const tmp = matMul(bread, meat, p);
  const cov = matMul(tmp, bread, p);
  const seModel = new Float64Array(p);
  const seCluster = new Float64Array(p);
  for (let a = 0; a < p; a++) seModel[a] = Math.sqrt(bread[a * p + a]);
  for (let k = 0; k < p * p; k++) cov[k] *= factor;
  for (let a = 0; a < p; a++) seCluster[a] = Math.sqrt(cov[a * p + a]);
  const covCR3 = cr3(x, p, y, mu, cluster, bread);
  const seCR3 = new Float64Array(p);
  for (let a = 0; a < p; a++) seCR3[a] = Math.sqrt(covCR3[a * p + a]);
  return {
    beta,
    seModel,
    seCluster,
    converged,
    iterations,
    clusters,
    covCluster: cov,
    covCR3,
    seCR3,
  };
}

/**
 * V = B [Σ_g X_gᵀ W_g A_g e_g e_gᵀ A_gᵀ W_g X_g] B with B = (XᵀWX)⁻¹, W = diag(μ) (working
 * weights of the log link), e = (y − μ)/μ (working residuals), A_g = (I − X_g B X_gᵀ W_g)⁻¹.
 */
function cr3(
  x: Float64Array,
  p: number,
  y: Float64Array,
  mu: Float64Array,
  cluster: Int32Array,
  bread: Float64Array,
): Float64Array {
  const rowsOf = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const list = rowsOf.get(cluster[i]) ?? [];
    list.push(i);
    rowsOf.set(cluster[i], list);
  }
  const meat = new Float64Array(p * p);
  for (const rows of rowsOf.values()) {
    const n = rows.length;
    // I − H_gg, H_gg[r][s] = x_r B x_sᵀ μ_s
    const m = new Float64Array(n * n);
    for (let r = 0; r < n; r++) {
      for (let s = 0; s < n; s++) {
        let h = 0;
        for (let a = 0; a < p; a++) {
          let bx = 0;
          for (let b = 0; b < p; b++) bx += bread[a * p + b] * x[rows[s] * p + b];
          h += x[rows[r] * p + a] * bx;
        }
        m[r * n + s] = (r === s ? 1 : 0) - h * mu[rows[s]];
      }
    }
    const e = Float64Array.from(rows, (i) => (y[i] - mu[i]) / mu[i]);
    const ae = solveDense(m, n, e);
    if (!ae) return new Float64Array(p * p).fill(Number.NaN);
    const u = new Float64Array(p);
    for (let r = 0; r < n; r++) {
      const i = rows[r];
      for (let a = 0; a < p; a++) u[a] += x[i * p + a] * mu[i] * ae[r];
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) meat[a * p + b] += u[a] * u[b];
  }
  return matMul(matMul(bread, meat, p), bread, p);
}

/** Solves the small dense system M v = e by Gaussian elimination with partial pivoting. */
function solveDense(m: Float64Array, n: number, e: Float64Array): Float64Array | null {
  const a = Float64Array.from(m);
  const v = Float64Array.from(e);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
    if (Math.abs(a[piv * n + c]) < 1e-12) return null;
    if (piv !== c) {
      for (let k = 0; k < n; k++) [a[c * n + k], a[piv * n + k]] = [a[piv * n + k], a[c * n + k]];
      [v[c], v[piv]] = [v[piv], v[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k];
      v[r] -= f * v[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = v[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * v[k];
    v[r] = s / a[r * n + r];
  }
  return v;
}

function countDistinct(a: Int32Array): number {
  return new Set(a).size;
}

function matMul(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < p; k++) {
      const aik = a[i * p + k];
      if (aik === 0) continue;
      for (let j = 0; j < p; j++) out[i * p + j] += aik * b[k * p + j];
    }
  }
  return out;
}

export { normalUpperTail } from './distributions.js';
