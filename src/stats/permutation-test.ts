import type { Rng } from '../rng.js';
import type { CellUnits } from './cell-units.js';
import { normalUpperTail, tToZ } from './distributions.js';
import { holmAdjust } from './holm.js';
import { ratioVarianceOf, welchDf } from './ratio.js';

/**
 * The verdict's test: one permutation of unit (speaker) labels shared by every cell of the
 * run, a studentized statistic per tested engine × condition × group, and Westfall–Young
 * max-T step-down over the family.
 *
 * Why studentized: permuting labels of a raw excess assumes the groups' speakers are
 * exchangeable, which fails when one group's speakers vary more (a nominal 5 % test rejected
 * 9.5–14 % of the time). Dividing by the excess's own standard error makes the statistic
 * asymptotically pivotal, so the permutation distribution stays right when spreads differ
 * (Janssen 1997; Chung & Romano 2013), and the test is exact when they do not. Each t is put
 * on the normal scale with its own Welch df (tToZ) before the maximum is taken, so a test
 * resting on few speakers is not swamped by ones resting on many.
 *
 * Why one shared permutation: it keeps the dependence between cells (the same speakers
 * appear under every condition), so the max-T step-down controls the family-wise error with
 * more power than Holm, at no extra cost.
 */
export interface TestSpec {
  /** Index into the cells array. */
  readonly cell: number;
  /** Global group index. */
  readonly group: number;
}

export interface TrendSpec {
  /** Cells of the sweep in severity order (indices into the cells array). */
  readonly cells: readonly number[];
  readonly group: number;
}

export interface FamilyInput {
  readonly cells: readonly CellUnits[];
  /** Global group of each unit (the observed labelling). */
  readonly unitGroup: readonly number[];
  readonly groupCount: number;
  readonly tests: readonly TestSpec[];
  readonly trends: readonly TrendSpec[];
}

export interface PermutationOptions {
  readonly alpha: number;
  readonly rng: Rng;
  /** Fixed permutation count; when absent, adaptive (see ADAPTIVE). */
  readonly permutations?: number;
  readonly method: 'maxT' | 'holm';
}

export const ADAPTIVE = {
  first: 2000,
  max: 64000,
  /** Continue while an adjusted p-value lies within this many Monte Carlo SEs of α. */
  band: 3,
} as const;

export interface TestResult {
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
  readonly pAdjusted: number;
}

export interface FamilyResult {
  readonly tests: TestResult[];
  readonly trends: (TestResult & { slope: number; se: number })[];
  readonly permutations: number;
  /** Per-test level at the first step of the single-step max-T (α-quantile of min p). */
  readonly criticalP: number;
}

/** Observed and permuted statistics of every test, computed from one labelling. */
class FamilyStatistics {
  readonly z: Float64Array;
  readonly t: Float64Array;
  readonly df: Float64Array;
  readonly trendZ: Float64Array;
  readonly trendT: Float64Array;
  readonly trendDf: Float64Array;
  readonly trendSlope: Float64Array;
  readonly trendSe: Float64Array;
  /** Per cell, per global group: m, Σd, Σw, Σd², Σdw, Σw² (6 numbers). */
  private readonly sums: Float64Array[];
  private readonly influence: Float64Array;
  private readonly sweepUnits: Int32Array[];

  constructor(private readonly input: FamilyInput) {
    const g = input.groupCount;
    this.sums = input.cells.map(() => new Float64Array((g + 1) * 6));
    this.z = new Float64Array(input.tests.length);
    this.t = new Float64Array(input.tests.length);
    this.df = new Float64Array(input.tests.length);
    const nt = input.trends.length;
    this.trendZ = new Float64Array(nt);
    this.trendT = new Float64Array(nt);
    this.trendDf = new Float64Array(nt);
    this.trendSlope = new Float64Array(nt);
    this.trendSe = new Float64Array(nt);
    this.influence = new Float64Array(input.unitGroup.length);
    this.sweepUnits = input.trends.map((tr) => {
      const set = new Set<number>();
      for (const c of tr.cells) for (const u of input.cells[c].unit) set.add(u);
      return Int32Array.from(set);
    });
  }

  compute(labels: Int32Array, needed: readonly boolean[]): void {
    const { cells, groupCount: g } = this.input;
    const total = g * 6;
    for (let c = 0; c < cells.length; c++) {
      if (!needed[c]) continue;
      const s = this.sums[c];
      s.fill(0);
      const cell = cells[c];
      for (let i = 0; i < cell.unit.length; i++) {
        const o = labels[cell.unit[i]] * 6;
        const w = cell.words[i];
        const d = cell.condErrors[i] - cell.baseErrors[i];
        s[o] += 1;
        s[o + 1] += d;
        s[o + 2] += w;
        s[o + 3] += d * d;
        s[o + 4] += d * w;
        s[o + 5] += w * w;
      }
      for (let k = 0; k < g; k++) for (let j = 0; j < 6; j++) s[total + j] += s[k * 6 + j];
    }
    this.input.tests.forEach((spec, j) => {
      const r = this.contrast(spec.cell, spec.group);
      this.t[j] = r.t;
      this.df[j] = r.df;
      this.z[j] = r.z;
    });
    this.input.trends.forEach((spec, j) => {
      this.trend(spec, j, labels);
    });
  }

  /** Group vs rest in one cell from the current sums. */
  private contrast(c: number, k: number): { t: number; df: number; z: number; x: number } {
    const s = this.sums[c];
    const o = k * 6;
    const tot = this.input.groupCount * 6;
    const mg = s[o];
    const mr = s[tot] - mg;
    if (mg < 2 || mr < 2) return { t: Number.NaN, df: Number.NaN, z: -Infinity, x: Number.NaN };
    const vg = ratioVarianceOf(mg, s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5]);
    const vr = ratioVarianceOf(
      mr,
      s[tot + 1] - s[o + 1],
      s[tot + 2] - s[o + 2],
      s[tot + 3] - s[o + 3],
      s[tot + 4] - s[o + 4],
      s[tot + 5] - s[o + 5],
    );
    const x = s[o + 1] / s[o + 2] - (s[tot + 1] - s[o + 1]) / (s[tot + 2] - s[o + 2]);
    return studentize(x, vg, mg, vr, mr);
  }

  /**
   * Least-squares slope of the excess over the sweep's points (centred ranks), with its
   * standard error from each speaker's summed influence across points — the points share
   * speakers, so they are not independent.
   */
  private trend(spec: TrendSpec, j: number, labels: Int32Array): void {
    const { cells, groupCount } = this.input;
    const tot = groupCount * 6;
    const kk = spec.cells.length;
    const inf = this.influence;
    const units = this.sweepUnits[j];
    for (const u of units) inf[u] = 0;
    let sumC2 = 0;
    let slope = 0;
    for (let p = 0; p < kk; p++) {
      const c = spec.cells[p];
      const s = this.sums[c];
      const o = spec.group * 6;
      const wg = s[o + 2];
      const wr = s[tot + 2] - wg;
      const rg = s[o + 1] / wg;
      const rr = (s[tot + 1] - s[o + 1]) / wr;
      const weight = p - (kk - 1) / 2;
      sumC2 += weight * weight;
      slope += weight * (rg - rr);
      const cell = cells[c];
      for (let i = 0; i < cell.unit.length; i++) {
        const d = cell.condErrors[i] - cell.baseErrors[i];
        const w = cell.words[i];
        const inGroup = labels[cell.unit[i]] === spec.group;
        inf[cell.unit[i]] += inGroup ? (weight * (d - rg * w)) / wg : (-weight * (d - rr * w)) / wr;
      }
    }
    let mg = 0;
    let mr = 0;
    let ssg = 0;
    let ssr = 0;
    for (const u of units) {
      const v = inf[u] / sumC2;
      if (labels[u] === spec.group) {
        mg++;
        ssg += v * v;
      } else {
        mr++;
        ssr += v * v;
      }
    }
    const vg = mg > 1 ? (mg / (mg - 1)) * ssg : Number.NaN;
    const vr = mr > 1 ? (mr / (mr - 1)) * ssr : Number.NaN;
    const r = studentize(slope / sumC2, vg, mg, vr, mr);
    this.trendT[j] = r.t;
    this.trendDf[j] = r.df;
    this.trendZ[j] = r.z;
    this.trendSlope[j] = slope / sumC2;
    this.trendSe[j] = Math.sqrt(vg + vr);
  }
}

function studentize(
  x: number,
  vg: number,
  mg: number,
  vr: number,
  mr: number,
): { t: number; df: number; z: number; x: number } {
  const se = Math.sqrt(vg + vr);
  const df = welchDf(vg, mg, vr, mr);
  if (!Number.isFinite(x) || !Number.isFinite(se)) {
    return { t: Number.NaN, df, z: -Infinity, x };
  }
  // A zero standard error (no errors anywhere) with a zero excess carries no evidence.
  const t = se > 0 ? x / se : x > 0 ? Infinity : x < 0 ? -Infinity : 0;
  return { t, df, z: tToZ(t, df), x };
}

/** Step-down counts for one family of z statistics (larger is more extreme). */
class StepDown {
  private readonly order: Int32Array;
  readonly below: Float64Array;
  readonly unadjusted: Float64Array;
  readonly maxima: number[] = [];

  constructor(private readonly observed: Float64Array) {
    this.order = Int32Array.from(
      [...observed.keys()].sort((a, b) => observed[b] - observed[a] || a - b),
    );
    this.below = new Float64Array(observed.length);
    this.unadjusted = new Float64Array(observed.length);
  }

  add(z: Float64Array): void {
    const m = this.order.length;
    let u = -Infinity;
    for (let j = m - 1; j >= 0; j--) {
      const t = this.order[j];
      if (z[t] > u) u = z[t];
      if (u >= this.observed[t] - 1e-9 * Math.abs(this.observed[t])) this.below[j]++;
      if (z[t] >= this.observed[t] - 1e-9 * Math.abs(this.observed[t])) this.unadjusted[t]++;
    }
    this.maxima.push(u);
  }

  pValues(r: number, method: 'maxT' | 'holm'): { p: number[]; adjusted: number[] } {
    const m = this.order.length;
    const p = [...this.unadjusted].map((c) => (1 + c) / (1 + r));
    if (method === 'holm') return { p, adjusted: holmAdjust(p) };
    const adjusted = new Array<number>(m);
    let running = 0;
    for (let j = 0; j < m; j++) {
      running = Math.max(running, (1 + this.below[j]) / (1 + r));
      adjusted[this.order[j]] = running;
    }
    return { p, adjusted };
  }
}

/** Runs the shared permutation for every test and trend of the run. */
export function permutationFamily(input: FamilyInput, options: PermutationOptions): FamilyResult {
  const { alpha, rng, method } = options;
  const labels = Int32Array.from(input.unitGroup);
  const stats = new FamilyStatistics(input);
  const needed = input.cells.map(() => false);
  for (const t of input.tests) needed[t.cell] = true;
  for (const t of input.trends) for (const c of t.cells) needed[c] = true;
  stats.compute(labels, needed);
  const observed = {
    z: Float64Array.from(stats.z),
    t: Float64Array.from(stats.t),
    df: Float64Array.from(stats.df),
  };
  const observedTrend = {
    z: Float64Array.from(stats.trendZ),
    t: Float64Array.from(stats.trendT),
    df: Float64Array.from(stats.trendDf),
    slope: Float64Array.from(stats.trendSlope),
    se: Float64Array.from(stats.trendSe),
  };
  const main = new StepDown(observed.z);
  const trend = new StepDown(observedTrend.z);
  let done = 0;
  let target = options.permutations ?? ADAPTIVE.first;
  const n = labels.length;
  for (;;) {
    for (; done < target; done++) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = labels[i];
        labels[i] = labels[j];
        labels[j] = t;
      }
      stats.compute(labels, needed);
      main.add(stats.z);
      trend.add(stats.trendZ);
    }
    if (options.permutations !== undefined || done >= ADAPTIVE.max) break;
    const undecided = [main, trend].some((f) =>
      f.pValues(done, method).adjusted.some((p) => {
        const mcse = Math.sqrt((alpha * (1 - alpha)) / done);
        return Math.abs(p - alpha) < ADAPTIVE.band * mcse;
      }),
    );
    if (!undecided) break;
    target = Math.min(ADAPTIVE.max, done * 2);
  }
  const mainP = main.pValues(done, method);
  const trendP = trend.pValues(done, method);
  return {
    tests: input.tests.map((_, j) => ({
      statistic: observed.t[j],
      df: observed.df[j],
      p: mainP.p[j],
      pAdjusted: mainP.adjusted[j],
    })),
    trends: input.trends.map((_, j) => ({
      statistic: observedTrend.t[j],
      df: observedTrend.df[j],
      p: trendP.p[j],
      pAdjusted: trendP.adjusted[j],
      slope: observedTrend.slope[j],
      se: observedTrend.se[j],
    })),
    permutations: done,
    criticalP: criticalLevel(main.maxima, alpha, input.tests.length, method),
  };
}

/**
 * The per-test level a test needs to pass the family's first step: for max-T the normal
 * tail at the (1 − α) quantile of the permuted maxima; for Holm α/m.
 */
function criticalLevel(
  maxima: number[],
  alpha: number,
  m: number,
  method: 'maxT' | 'holm',
): number {
  if (m === 0) return alpha;
  if (method === 'holm' || maxima.length === 0) return alpha / m;
  const sorted = Float64Array.from(maxima).sort();
  const idx = Math.min(sorted.length - 1, Math.ceil((1 - alpha) * (sorted.length + 1)) - 1);
  const c = sorted[Math.max(0, idx)];
  return Number.isFinite(c) ? normalUpperTail(c) : alpha / m;
}
