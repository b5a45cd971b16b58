import type { Rng } from '../rng.js';

/**
 * Resampling on per-cluster (per-speaker) aggregated counts: a resample touches one number
 * per speaker, not per utterance, so 1,000 resamples of 100,000 utterances take well under
 * a second. Corpus WER of a resample is the sum of the drawn speakers' errors over the sum
 * of their words — exactly the corpus WER of the utterances those speakers contributed.
 */
export interface CellArrays {
  readonly groups: readonly string[];
  /** Group index of each cluster. */
  readonly groupOf: Int32Array;
  /** Errors and reference words under the condition, per cluster. */
  readonly condErrors: Float64Array;
  readonly condWords: Float64Array;
  /** Errors and words of the same clips in the baseline (clean); absent for the baseline cell. */
  readonly baseErrors?: Float64Array;
  readonly baseWords?: Float64Array;
  /** Cluster indices of each group. */
  readonly members: readonly Int32Array[];
}

export interface CellStatistics {
  /** Per group: corpus WER under the condition. */
  readonly wer: Float64Array;
  readonly baseWer: Float64Array;
  /** WER(condition) − WER(baseline), per group. */
  readonly degradation: Float64Array;
  /** degradation − pooled degradation. */
  readonly excess: Float64Array;
  /** degradation − the smallest degradation among assessable groups. */
  readonly gap: Float64Array;
  readonly pooledDegradation: number;
}

/** Statistics from per-group sums (shared by the observed data, bootstrap and permutation). */
function fromSums(
  g: number,
  ec: Float64Array,
  wc: Float64Array,
  eb: Float64Array,
  wb: Float64Array,
  assessable: readonly boolean[],
  out: {
    wer: Float64Array;
    baseWer: Float64Array;
    degradation: Float64Array;
    excess: Float64Array;
    gap: Float64Array;
  },
): number {
  let tec = 0;
  let twc = 0;
  let teb = 0;
  let twb = 0;
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < g; k++) {
    tec += ec[k];
    twc += wc[k];
    teb += eb[k];
    twb += wb[k];
    const w = ec[k] / wc[k];
    const b = eb[k] / wb[k];
    out.wer[k] = w;
    out.baseWer[k] = b;
    out.degradation[k] = w - b;
    if (assessable[k] && w - b < best) best = w - b;
  }
  const pooled = tec / twc - teb / twb;
  for (let k = 0; k < g; k++) {
    out.excess[k] = out.degradation[k] - pooled;
    out.gap[k] = out.degradation[k] - best;
  }
  return pooled;
}

function emptyStats(g: number) {
  return {
    wer: new Float64Array(g),
    baseWer: new Float64Array(g),
    degradation: new Float64Array(g),
    excess: new Float64Array(g),
    gap: new Float64Array(g),
  };
}

export function observedStatistics(a: CellArrays, assessable: readonly boolean[]): CellStatistics {
  const g = a.groups.length;
  const ec = new Float64Array(g);
  const wc = new Float64Array(g);
  const eb = new Float64Array(g);
  const wb = new Float64Array(g);
  for (let i = 0; i < a.groupOf.length; i++) {
    const k = a.groupOf[i];
    ec[k] += a.condErrors[i];
    wc[k] += a.condWords[i];
    if (a.baseErrors && a.baseWords) {
      eb[k] += a.baseErrors[i];
      wb[k] += a.baseWords[i];
    }
  }
  const out = emptyStats(g);
  const pooledDegradation = fromSums(g, ec, wc, eb, wb, assessable, out);
  return { ...out, pooledDegradation };
}

/** B bootstrap replicates of each statistic: `[statistic][group]` → Float64Array(B). */
export interface BootstrapReplicates {
  readonly wer: Float64Array[];
  readonly baseWer: Float64Array[];
  readonly degradation: Float64Array[];
  readonly excess: Float64Array[];
  readonly gap: Float64Array[];
}

/**
 * Cluster bootstrap stratified by group: each replicate draws, within every group, as many
 * clusters as the group has, with replacement. A drawn speaker brings both its clean and
 * its perturbed counts, so the clean/perturbed pairing holds inside every replicate.
 */
export function bootstrapCell(
  a: CellArrays,
  resamples: number,
  rng: Rng,
  assessable: readonly boolean[],
): BootstrapReplicates {
  const g = a.groups.length;
  const alloc = () => Array.from({ length: g }, () => new Float64Array(resamples));
  const reps = {
    wer: alloc(),
    baseWer: alloc(),
    degradation: alloc(),
    excess: alloc(),
    gap: alloc(),
  };
  const ec = new Float64Array(g);
  const wc = new Float64Array(g);
  const eb = new Float64Array(g);
  const wb = new Float64Array(g);
  const out = emptyStats(g);
  const hasBase = a.baseErrors !== undefined && a.baseWords !== undefined;
  const be = a.baseErrors ?? new Float64Array(0);
  const bw = a.baseWords ?? new Float64Array(0);
  for (let r = 0; r < resamples; r++) {
    ec.fill(0);
    wc.fill(0);
    eb.fill(0);
    wb.fill(0);
    for (let k = 0; k < g; k++) {
      const m = a.members[k];
      const n = m.length;
      let sec = 0;
      let swc = 0;
      let seb = 0;
      let swb = 0;
      for (let d = 0; d < n; d++) {
        const i = m[rng.int(n)];
        sec += a.condErrors[i];
        swc += a.condWords[i];
        if (hasBase) {
          seb += be[i];
          swb += bw[i];
        }
      }
      ec[k] = sec;
      wc[k] = swc;
      eb[k] = seb;
      wb[k] = swb;
    }
    fromSums(g, ec, wc, eb, wb, assessable, out);
    for (let k = 0; k < g; k++) {
      reps.wer[k][r] = out.wer[k];
      reps.baseWer[k][r] = out.baseWer[k];
      reps.degradation[k][r] = out.degradation[k];
      reps.excess[k][r] = out.excess[k];
      reps.gap[k][r] = out.gap[k];
    }
  }
  return reps;
}

/**
 * One-sided permutation p-values for "this group's excess degradation is larger than chance
 * would give": group labels are shuffled across clusters (speakers keep their own clean and
 * perturbed counts together), the excess is recomputed for every group, and
 * p = (1 + #{permuted excess ≥ observed}) / (1 + permutations).
 */
export function permutationPValues(
  a: CellArrays,
  permutations: number,
  rng: Rng,
  observedExcess: Float64Array,
): Float64Array {
  const g = a.groups.length;
  const n = a.groupOf.length;
  const labels = Int32Array.from(a.groupOf);
  const exceed = new Float64Array(g);
  const ec = new Float64Array(g);
  const wc = new Float64Array(g);
  const eb = new Float64Array(g);
  const wb = new Float64Array(g);
  const be = a.baseErrors!;
  const bw = a.baseWords!;
  let tec = 0;
  let twc = 0;
  let teb = 0;
  let twb = 0;
  for (let i = 0; i < n; i++) {
    tec += a.condErrors[i];
    twc += a.condWords[i];
    teb += be[i];
    twb += bw[i];
  }
  const pooled = tec / twc - teb / twb;
  // Ties in the statistic (common with few speakers) count as "at least as extreme".
  const eps = 1e-12;
  for (let r = 0; r < permutations; r++) {
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = labels[i];
      labels[i] = labels[j];
      labels[j] = t;
    }
    ec.fill(0);
    wc.fill(0);
    eb.fill(0);
    wb.fill(0);
    for (let i = 0; i < n; i++) {
      const k = labels[i];
      ec[k] += a.condErrors[i];
      wc[k] += a.condWords[i];
      eb[k] += be[i];
      wb[k] += bw[i];
    }
    for (let k = 0; k < g; k++) {
      const excess = ec[k] / wc[k] - eb[k] / wb[k] - pooled;
      if (excess >= observedExcess[k] - eps) exceed[k]++;
    }
  }
  const p = new Float64Array(g);
  for (let k = 0; k < g; k++) p[k] = (1 + exceed[k]) / (1 + permutations);
  return p;
}
