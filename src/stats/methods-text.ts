import { ALIGNMENT_COSTS, TIE_BREAK } from '../scoring/align.js';
import type { Normalizer } from '../scoring/normalize.js';
import type { ResamplingUnit } from './aggregate.js';
import { ADAPTIVE } from './permutation-test.js';
import { MODEL_FORMULA } from './ratio-of-ratios.js';
import type { Methods } from './summary-schema.js';

export interface MethodsInput {
  readonly normalizer: Normalizer;
  readonly groupBy: string;
  readonly baseline: string;
  readonly unit: ResamplingUnit;
  readonly alpha: number;
  readonly seed: number | string;
  readonly permutations: number;
  readonly permutationsFixed: boolean;
  readonly method: 'maxT' | 'holm';
  readonly tests: number;
  readonly threshold: number;
  readonly failOn: 'disproportionate' | 'never';
  readonly thresholdsSource: string;
  readonly minSpeakers: number;
  readonly minRefWords: number;
}

/** sclite compares words case-insensitively by default; only case-folding normalisers match it as is. */
function foldsCase(n: Normalizer): boolean {
  return n.words('ABC').join(' ') === n.words('abc').join(' ');
}

/** The methods block of summary.json: every definition a reader needs to recompute a figure. */
export function methodsText(m: MethodsInput): Methods {
  const caseSensitive = !foldsCase(m.normalizer);
  const level = `${Math.round((1 - m.alpha) * 1000) / 10} %`;
  return {
    normalizer: {
      id: m.normalizer.id,
      description: m.normalizer.description,
      fillers: [...m.normalizer.fillers],
      caseSensitive,
    },
    alignment: {
      costs: {
        substitution: ALIGNMENT_COSTS.substitution,
        insertion: ALIGNMENT_COSTS.insertion,
        deletion: ALIGNMENT_COSTS.deletion,
      },
      tieBreak: TIE_BREAK,
      agreesWith: caseSensitive
        ? 'NIST sclite (SCTK) C/S/D/I per utterance when sclite is also made case-sensitive (its default ignores case; this normaliser compares words exactly, so "The" ≠ "the" here), checked in the test suite'
        : 'NIST sclite (SCTK) C/S/D/I per utterance with its defaults (case-insensitive; this normaliser lower-cases), checked in the test suite',
    },
    wer: 'corpus WER = (S + D + I) / reference words, counts summed over utterances; per-speaker-equal-weight WER (mean of speakers’ own WERs) and mean per-utterance WER reported beside it; empty references add insertions only',
    groupBy: m.groupBy,
    baseline: m.baseline,
    pairing: `a clip counts under a condition only if its "${m.baseline}" unit (same engine) was also scored; errored units are excluded from numerators and denominators and counted in coverage`,
    degradation:
      'WER(condition) − WER(baseline) on the paired clips; relative degradation = degradation / WER(baseline)',
    excess:
      'each group against the rest: degradation of the group − degradation of all other groups pooled, on the same paired clips (primary effect). Descriptive beside it: excessVsPooled (against a pool that includes the group, = (1 − share) × excess) and gapToBest (against the least-degraded assessable group)',
    interval: {
      method: `t interval: estimate ± t(1 − α/2, df) × SE, SE by the delta method on ${m.unit}-level counts (ratio estimator, m/(m − 1) factor), Welch–Satterthwaite df for group-vs-rest contrasts, m − 1 for one group’s own figures`,
      level: 1 - m.alpha,
      unit: m.unit,
    },
    test: {
      statistic:
        'studentized excess t = excess / SE (Welch df), put on the normal scale with its own df before the family maximum is taken',
      reference: `permutation of group labels across ${m.unit}s, one permutation shared by every engine × condition of the run (each ${m.unit} keeps its clean and perturbed counts together)`,
      alternative: 'greater',
      permutations: m.permutations,
      rule: m.permutationsFixed
        ? 'set by the user'
        : `adaptive: ${ADAPTIVE.first}, doubled while an adjusted p-value lies within ${ADAPTIVE.band} Monte Carlo standard errors of α, at most ${ADAPTIVE.max}`,
      monteCarloError: `a p-value near α = ${m.alpha} is known to ±${(1.96 * Math.sqrt((m.alpha * (1 - m.alpha)) / m.permutations)).toFixed(4)} (95 %)`,
      seed: m.seed,
      multipleTesting: m.method,
      family:
        m.method === 'maxT'
          ? 'Westfall–Young max-T step-down over every tested engine × condition × group of this summary; sweep trend tests form their own family'
          : 'Holm over every tested engine × condition × group of this summary; sweep trend tests form their own family',
      tests: m.tests,
    },
    trend:
      'per sweep and group: least-squares slope of the excess over the sweep’s points in severity order (excess per step), its SE from each speaker’s influence summed over the points, tested one-sided (grows with severity) by the same shared permutation',
    thresholds: {
      excessDegradationPoints: m.threshold,
      alpha: m.alpha,
      failOn: m.failOn,
      source: m.thresholdsSource,
    },
    insufficientData: {
      minSpeakers: m.minSpeakers,
      minRefWords: m.minRefWords,
      rule: 'a group gets a verdict in a cell only with at least minSpeakers speakers and minRefWords paired reference words, and when at least one other group in the cell also has',
    },
    verdict: `disproportionate = adjusted p ≤ α and excess ≥ ${m.threshold} points (point estimate); within tolerance = the ${level} interval’s upper bound < ${m.threshold} points; inconclusive = neither (power.mde says what the cell could have detected); insufficient data = below the minimum speakers or words`,
    power:
      'minimum detectable excess = (t(1 − p*, df) + t(0.8, df)) × SE, with p* the per-test level of the family’s first step (single-step max-T critical value, or α/m for Holm); power = P(flagged significant | excess = threshold)',
    model: {
      family: 'Poisson GLM, log link, fitted by IRLS',
      formula: MODEL_FORMULA,
      standardErrors:
        'CR3 cluster-robust (clubSandwich’s CR3: residuals of each speaker inflated by (I − H_gg)⁻¹, ≈ leave-one-speaker-out jackknife), checked against R clubSandwich in the test suite',
      test: 'one-sided t-test of the interaction > 0 with min(speakers in group, speakers in rest) − 1 df; Holm over the same family; interval exp(γ ± t × SE) on the ratio of ratios',
      disagreement:
        'reported when the adjusted permutation test and the Holm-corrected model test reach different decisions',
    },
    engineComparison:
      'WER(engine A) − WER(engine B) on clips scored for both, per group and overall (t interval, df = speakers − 1); disparity difference = excess(A) − excess(B) on clips both engines scored clean and perturbed, SE from each speaker’s paired influence, Welch df, two-sided t-test',
  };
}
