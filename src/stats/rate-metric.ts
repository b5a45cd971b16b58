import type { Cluster } from './aggregate.js';
import type { AnatomyMetricId } from './summary-schema.js';

/**
 * A rate the verdict machinery can test: a count of errors of one kind over a count of
 * reference units, both summed per speaker on the paired clips. WER is one (S + D + I over
 * reference words); so are each error kind alone and the keyword error rate (keywords
 * missed or replaced over reference keywords). Degradation, the excess against the rest, the
 * shared permutation and the verdicts read only these two counts, so any metric of this shape
 * gets the same statistics.
 */
export interface RateMetric {
  readonly id: string;
  /** What the numerator counts, for summary.json's methods. */
  readonly counts: string;
  /** What the denominator counts ("reference words"), also used in verdict reasons. */
  readonly per: string;
  errors(c: Cluster, side: 'baseline' | 'condition'): number;
  /** Reference units of the cluster's clips (the same clean and perturbed). */
  units(c: Cluster): number;
}

const words = (c: Cluster) => c.condition.refWords;
const side = (c: Cluster, s: 'baseline' | 'condition') =>
  s === 'baseline' ? c.baseline : c.condition;

export const WER_METRIC: RateMetric = {
  id: 'wer',
  counts: 'substitutions + deletions + insertions',
  per: 'reference words',
  errors: (c, s) => side(c, s)?.errors ?? 0,
  units: words,
};

/** Each error kind of the WER alone, and keyword errors: the error anatomy. */
export const ANATOMY_METRICS: readonly (RateMetric & { readonly id: AnatomyMetricId })[] = [
  {
    id: 'substitutions',
    counts: 'substituted reference words',
    per: 'reference words',
    errors: (c, s) => side(c, s)?.substitutions ?? 0,
    units: words,
  },
  {
    id: 'deletions',
    counts: 'deleted reference words',
    per: 'reference words',
    errors: (c, s) => side(c, s)?.deletions ?? 0,
    units: words,
  },
  {
    id: 'insertions',
    counts: 'inserted hypothesis words',
    per: 'reference words',
    errors: (c, s) => side(c, s)?.insertions ?? 0,
    units: words,
  },
  {
    id: 'keywords',
    counts:
      'reference keywords missed or replaced (any word of a multi-word term wrong or missing, or a word inserted inside it)',
    per: 'reference keywords',
    errors: (c, s) => (s === 'baseline' ? c.baselineKinds : c.conditionKinds)?.keywordErrors ?? 0,
    units: (c) => c.conditionKinds.refKeywords,
  },
];
