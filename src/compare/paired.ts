import type { Rng } from '../rng.js';
import { quantiles } from '../stats/quantile.js';

/**
 * Paired inference for "did this cell change between two runs?", clustered by speaker.
 *
 * Each speaker contributes, per cell, a difference of error counts between the runs (`x`) over
 * its reference words (`w`); a cell's change is a ratio of sums, Σx/Σw within a group, or a
 * difference of two such ratios (excess: the group against the other groups pooled).
 *
 * Test: under "the two runs are exchangeable", swapping the runs' labels for all of one
 * speaker's clips leaves the data's distribution unchanged, which flips the sign of that
 * speaker's x in every cell at once. Flipping each speaker at random (the same flip for the
 * speaker in every cell) and taking the maximum standardised change over the cells gives
 * single-step max-T adjusted p-values (Westfall & Young 1993): family-wise error control over
 * all the cells, with the cells' dependence through shared speakers kept. A per-cell
 * sign-flip test with Holm could never reject with ten speakers a group (2¹⁰ flips), whereas
 * the joint flip over every speaker of the run has enough resolution.
 *
 * Interval: percentile bootstrap over speakers, resampled within each group.
 */

/** One speaker's sums in one cell. */
export interface SpeakerDelta {
  readonly speaker: string;
  /** Index into the run's speaker list (shared across cells: the joint flip). */
  readonly index: number;
  /** true: in the cell's group; false: one of the other groups (excess only). */
  readonly inGroup: boolean;
  /** Errors(new) − errors(baseline), or the difference of degradations, summed over clips. */
  readonly x: number;
  /** Reference words summed over the same clips. */
  readonly w: number;
}

export interface CellDeltas {
  readonly key: string;
  /** `ratio`: Σx/Σw over the group; `contrast`: group ratio − others' ratio. */
  readonly kind: 'ratio' | 'contrast';
  readonly speakers: readonly SpeakerDelta[];
}

export interface PairedEstimate {
  readonly key: string;
  /** The change, a fraction (0.05 = 5 WER points); null when there are no words. */
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
  /** Max-T adjusted two-sided p over the family; 1 when nothing changed at all. */
  readonly pAdjusted: number;
}

function statistic(cell: CellDeltas): number | null {
  let xg = 0;
  let wg = 0;
  let xo = 0;
  let wo = 0;
  for (const s of cell.speakers) {
    if (s.inGroup) {
      xg += s.x;
      wg += s.w;
    } else {
      xo += s.x;
      wo += s.w;
    }
  }
  if (wg === 0 || (cell.kind === 'contrast' && wo === 0)) return null;
  return cell.kind === 'ratio' ? xg / wg : xg / wg - xo / wo;
}

/**
 * The statistic as Σ coef·x over speakers (coefficients fixed by the observed word sums, which
 * sign flips do not change), so a flip costs one multiply-add per speaker.
 */
function linearForm(cell: CellDeltas): { index: Int32Array; coef: Float64Array; scale: number } {
  let wg = 0;
  let wo = 0;
  for (const s of cell.speakers) {
    if (s.inGroup) wg += s.w;
    else wo += s.w;
  }
  const index = new Int32Array(cell.speakers.length);
  const coef = new Float64Array(cell.speakers.length);
  let v = 0;
  cell.speakers.forEach((s, k) => {
    const a = s.inGroup ? (wg > 0 ? 1 / wg : 0) : cell.kind === 'contrast' && wo > 0 ? -1 / wo : 0;
    index[k] = s.index;
    coef[k] = a * s.x;
    v += coef[k] * coef[k];
  });
  // Standard error of the statistic under random sign flips (its permutation spread).
  return { index, coef, scale: Math.sqrt(v) };
}

/**
 * Estimates, intervals and max-T adjusted p-values for a family of cells that share the
 * `speakers` speakers of a run. `resamples: 0` skips the intervals.
 */
export function pairedFamily(
  cells: readonly CellDeltas[],
  speakers: number,
  options: { permutations: number; resamples: number; level: number; rng: Rng },
): PairedEstimate[] {
  const observed = cells.map((c) => statistic(c));
  const forms = cells.map(linearForm);
  const z = observed.map((t, i) =>
    t === null || forms[i].scale === 0 ? 0 : Math.abs(t) / forms[i].scale,
  );
  const live = forms
    .map((f, i) => (f.scale > 0 && observed[i] !== null ? i : -1))
    .filter((i) => i >= 0);
  const exceed = new Int32Array(cells.length);
  const signs = new Float64Array(speakers);
  const flip = options.rng.fork('flip');
  for (let b = 0; b < options.permutations; b++) {
    for (let s = 0; s < speakers; s++) signs[s] = flip.next() < 0.5 ? -1 : 1;
    let max = 0;
    for (const i of live) {
      const { index, coef, scale } = forms[i];
      let t = 0;
      for (let k = 0; k < coef.length; k++) t += coef[k] * signs[index[k]];
      const zz = Math.abs(t) / scale;
      if (zz > max) max = zz;
    }
    // A tiny tolerance so the identity flip ties with the observed value despite rounding.
    for (let i = 0; i < cells.length; i++) if (max >= z[i] - 1e-12) exceed[i]++;
  }
  const boot = options.rng.fork('bootstrap');
  const alpha = 1 - options.level;
  return cells.map((cell, i) => ({
    key: cell.key,
    value: observed[i],
    ci:
      observed[i] === null || options.resamples === 0
        ? null
        : bootstrapInterval(
            cell,
            options.resamples,
            [alpha / 2, 1 - alpha / 2],
            boot.fork(cell.key),
          ),
    pAdjusted: z[i] === 0 ? 1 : (1 + exceed[i]) / (1 + options.permutations),
  }));
}

function bootstrapInterval(
  cell: CellDeltas,
  resamples: number,
  probs: readonly [number, number],
  rng: Rng,
): [number, number] | null {
  const inGroup = cell.speakers.filter((s) => s.inGroup);
  const others = cell.speakers.filter((s) => !s.inGroup);
  const reps = new Float64Array(resamples);
  let n = 0;
  for (let b = 0; b < resamples; b++) {
    const draw = (list: readonly SpeakerDelta[]) => {
      let x = 0;
      let w = 0;
      for (let k = 0; k < list.length; k++) {
        const s = list[rng.int(list.length)];
        x += s.x;
        w += s.w;
      }
      return { x, w };
    };
    const g = draw(inGroup);
    if (g.w === 0) continue;
    if (cell.kind === 'ratio') reps[n++] = g.x / g.w;
    else {
      const o = draw(others);
      if (o.w > 0) reps[n++] = g.x / g.w - o.x / o.w;
    }
  }
  if (n === 0) return null;
  const [lo, hi] = quantiles(reps.subarray(0, n), [...probs]);
  return [lo, hi];
}
