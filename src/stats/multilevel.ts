import { cholesky, choleskySolve } from './glm.js';
import { minimize } from './nelder-mead.js';

/**
 * Partial pooling for intersectional groups, in the manner of MAIHDA (Evans et al. 2018): a
 * linear mixed model on speakers with a random intercept for every level of every main
 * effect and one for every intersection cell,
 *   yᵢ = β + Σ_k a_k[level_k(i)] + c[cell(i)] + εᵢ,  a_k ~ N(0, σ²θ_k²), c ~ N(0, σ²θ_c²),
 *   εᵢ ~ N(0, σ²/wᵢ),
 * fitted by REML: θ by minimising lme4's profiled REML deviance (Bates et al. 2015, eq. 42)
 *   d(θ) = log|M| + (n − 1)(1 + log(2π r²(θ)/(n − 1))),
 * where M is the penalised system of the spherical random effects and the intercept and r²
 * its penalised weighted residual sum of squares. A cell's partially pooled estimate is the
 * conditional mode β + Σ a_k + c, which borrows from the cell's accent and gender when the
 * cell holds few speakers; its interval is conditional on the variance components (as lme4's
 * condVar), so it is a little short when those are poorly known. Checked against lme4::lmer
 * (scripts/multilevel-reference.R, test/testers/multilevel.test.ts).
 */
export interface MultilevelInput {
  /** Outcome of each speaker (e.g. degradation, errors per word). */
  readonly y: Float64Array;
  /** Precision weight of each speaker (reference words). */
  readonly w: Float64Array;
  /** Per main effect: the level index of each speaker. */
  readonly levels: readonly Int32Array[];
  /** The intersection cell of each speaker. */
  readonly cell: Int32Array;
}

export interface MultilevelFit {
  readonly intercept: number;
  readonly sigma: number;
  /** Standard deviations of the random effects: one per main effect, then the intersection. */
  readonly sd: readonly number[];
  readonly deviance: number;
  /** Conditional mode and its standard error, per cell (index as in `cell`). */
  readonly cells: readonly { readonly estimate: number; readonly se: number }[];
}

interface Design {
  readonly n: number;
  /** Random-effect columns: offsets of each component, and column count. */
  readonly offsets: number[];
  readonly q: number;
  /** Column of each speaker in each component (main effects…, intersection). */
  readonly cols: Int32Array[];
  /** Component of each column. */
  readonly component: Int32Array;
}

function designOf(input: MultilevelInput): Design {
  const parts = [...input.levels, input.cell];
  const offsets: number[] = [];
  let q = 0;
  const component: number[] = [];
  const cols = parts.map((p, k) => {
    offsets.push(q);
    const size = p.reduce((m, v) => Math.max(m, v + 1), 0);
    for (let j = 0; j < size; j++) component.push(k);
    const c = Int32Array.from(p, (v) => q + v);
    q += size;
    return c;
  });
  return { n: input.y.length, offsets, q, cols, component: Int32Array.from(component) };
}

interface Solved {
  readonly deviance: number;
  readonly beta: number;
  readonly u: Float64Array;
  readonly sigma2: number;
  readonly chol: Float64Array;
}

/** The penalised least-squares solution and REML deviance at θ. */
function solveAt(input: MultilevelInput, d: Design, theta: readonly number[]): Solved | null {
  const { y, w } = input;
  const p = d.q + 1;
  const m = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const lam = Float64Array.from(d.component, (k) => Math.abs(theta[k]));
  for (let i = 0; i < d.n; i++) {
    const cols = d.cols.map((c) => c[i]);
    for (const a of cols) {
      for (const b of cols) m[a * p + b] += w[i] * lam[a] * lam[b];
      m[a * p + d.q] += w[i] * lam[a];
      m[d.q * p + a] += w[i] * lam[a];
      rhs[a] += w[i] * lam[a] * y[i];
    }
    m[d.q * p + d.q] += w[i];
    rhs[d.q] += w[i] * y[i];
  }
  for (let a = 0; a < d.q; a++) m[a * p + a] += 1;
  const chol = cholesky(m, p);
  if (!chol) return null;
  const sol = choleskySolve(chol, p, rhs);
  const beta = sol[d.q];
  const u = sol.subarray(0, d.q);
  let r2 = 0;
  for (let i = 0; i < d.n; i++) {
    let fit = beta;
    for (const c of d.cols) fit += lam[c[i]] * u[c[i]];
    r2 += w[i] * (y[i] - fit) ** 2;
  }
  for (let a = 0; a < d.q; a++) r2 += u[a] * u[a];
  let logDet = 0;
  for (let i = 0; i < p; i++) logDet += 2 * Math.log(chol[i * p + i]);
  const dof = d.n - 1;
  return {
    deviance: logDet + dof * (1 + Math.log((2 * Math.PI * r2) / dof)),
    beta,
    u: Float64Array.from(u),
    sigma2: r2 / dof,
    chol,
  };
}

export function fitMultilevel(input: MultilevelInput): MultilevelFit | null {
  const d = designOf(input);
  if (d.n < 3) return null;
  const k = d.cols.length;
  const f = (theta: readonly number[]) => solveAt(input, d, theta)?.deviance ?? Infinity;
  // A restart from the first optimum with a smaller simplex: Nelder–Mead can stall on the
  // flat REML surface near a zero component.
  let best = minimize(f, new Array<number>(k).fill(1), { step: 0.5, tolerance: 1e-12 });
  best = minimize(f, best, { step: 0.05, tolerance: 1e-14 });
  const theta = best.map(Math.abs);
  const s = solveAt(input, d, theta);
  if (!s) return null;
  const p = d.q + 1;
  const lam = Float64Array.from(d.component, (c) => theta[c]);
  const cellCount = d.cols[k - 1].reduce((m, v) => Math.max(m, v - d.offsets[k - 1] + 1), 0);
  const cells: { estimate: number; se: number }[] = [];
  for (let j = 0; j < cellCount; j++) {
    const i = input.cell.indexOf(j);
    if (i < 0) {
      cells.push({ estimate: Number.NaN, se: Number.NaN });
      continue;
    }
    // l picks β and the cell's effect columns; Var = σ² lᵀ M⁻¹ l (spherical parameterisation).
    const l = new Float64Array(p);
    l[d.q] = 1;
    for (const c of d.cols) l[c[i]] = lam[c[i]];
    const x = choleskySolve(s.chol, p, l);
    let v = 0;
    let estimate = s.beta;
    for (let a = 0; a < p; a++) v += l[a] * x[a];
    for (const c of d.cols) estimate += lam[c[i]] * s.u[c[i]];
    cells.push({ estimate, se: Math.sqrt(s.sigma2 * v) });
  }
  return {
    intercept: s.beta,
    sigma: Math.sqrt(s.sigma2),
    sd: theta.map((t) => t * Math.sqrt(s.sigma2)),
    deviance: s.deviance,
    cells,
  };
}
