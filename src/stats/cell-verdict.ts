import type { CellUnits } from './cell-units.js';
import type { IntervalEstimate } from './interval.js';
import { minimumDetectable } from './power.js';
import type { Verdict } from './summary-schema.js';
import { decideVerdict } from './verdict.js';

/** What a verdict needs beyond the cell: thresholds and the family's critical p. */
export interface VerdictSettings {
  readonly alpha: number;
  readonly criticalP: number;
  readonly baseline: string;
  readonly minSpeakers: number;
  readonly minUnits: number;
  readonly threshold: number;
}

/**
 * Group k's verdict in one cell, for WER and for every error-anatomy metric alike: whether
 * the adjusted test rejects, the minimum detectable excess (for groups in the tested family),
 * and the verdict they give with the excess and its interval.
 */
export function cellVerdict(
  cell: CellUnits,
  k: number,
  excess: { se: number; df: number },
  estimate: IntervalEstimate | null,
  test: { pAdjusted: number } | null,
  s: VerdictSettings,
  per?: string,
): { verdict: Verdict; reason: string; rejected: boolean; mde: number } {
  const inFamily = cell.tested && cell.assessable[k];
  const mde = inFamily ? minimumDetectable(excess.se, excess.df, s.criticalP) : Number.NaN;
  const rejected = test !== null && test.pAdjusted <= s.alpha;
  const { verdict, reason } = decideVerdict({
    isBaseline: cell.data.isBaseline,
    hasBaseline: cell.data.hasBaseline,
    baseline: s.baseline,
    engine: cell.data.engine,
    assessable: cell.assessable[k],
    assessableGroups: cell.assessable.filter(Boolean).length,
    speakers: cell.speakersPerGroup[k],
    words: cell.wordsPerGroup[k],
    minSpeakers: s.minSpeakers,
    minRefWords: s.minUnits,
    excess: estimate?.value ?? null,
    ci: estimate?.ci ?? null,
    pAdjusted: test?.pAdjusted ?? null,
    rejected,
    threshold: s.threshold,
    alpha: s.alpha,
    mde: Number.isFinite(mde) ? mde : null,
    ...(per !== undefined && { per }),
  });
  return { verdict, reason, rejected, mde };
}
