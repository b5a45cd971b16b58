import type { Verdict } from './summary-schema.js';

/**
 * The verdict rule, one group in one engine × condition:
 * - disproportionate: the family-wise adjusted test rejects and the excess (point estimate)
 *   is at least the threshold;
 * - within tolerance: the whole (1 − α) interval of the excess lies below the threshold — an
 *   equivalence statement, not an absence of evidence;
 * - inconclusive: neither — the data cannot tell (the MDE says how large an excess it could);
 * - insufficient data: too few speakers or words to test at all.
 */
export interface VerdictInput {
  readonly isBaseline: boolean;
  readonly hasBaseline: boolean;
  readonly baseline: string;
  readonly engine: string;
  readonly assessable: boolean;
  readonly assessableGroups: number;
  readonly speakers: number;
  readonly words: number;
  readonly minSpeakers: number;
  readonly minRefWords: number;
  readonly excess: number | null;
  readonly ci: [number, number] | null;
  readonly pAdjusted: number | null;
  readonly rejected: boolean;
  /** Threshold in WER points. */
  readonly threshold: number;
  readonly alpha: number;
  /** Minimum detectable excess (fraction), for the inconclusive reason. */
  readonly mde: number | null;
  /** What `words` counts (default "reference words"; "reference keywords" for keyword errors). */
  readonly per?: string;
}

const pct = (x: number) => (100 * x).toFixed(1);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`;

export function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

export function decideVerdict(v: VerdictInput): { verdict: Verdict; reason: string } {
  if (v.isBaseline) return { verdict: 'baseline', reason: 'baseline condition: WER only' };
  const insufficient = (reason: string) => ({ verdict: 'insufficient data' as const, reason });
  if (!v.hasBaseline) {
    return insufficient(
      `no "${v.baseline}" baseline for engine ${v.engine}: degradation cannot be measured`,
    );
  }
  if (!v.assessable) {
    const short: string[] = [];
    if (v.speakers < v.minSpeakers) short.push(`${v.speakers} speakers (need ${v.minSpeakers})`);
    if (v.words < v.minRefWords)
      short.push(`${v.words} ${v.per ?? 'reference words'} (need ${v.minRefWords})`);
    return insufficient(`too little data: ${short.join(', ')}`);
  }
  if (v.assessableGroups < 2) {
    return insufficient('no other group with enough data to compare against');
  }
  if (v.excess === null || v.pAdjusted === null) {
    return insufficient('excess not estimable (no reference words or no spread to test)');
  }
  const t = v.threshold / 100;
  const p = `adjusted p = ${fmtP(v.pAdjusted)}`;
  const ciText = v.ci ? ` [${signed(v.ci[0])}, ${signed(v.ci[1])}]` : '';
  if (v.rejected && v.excess >= t) {
    return {
      verdict: 'disproportionate',
      reason: `excess ${signed(v.excess)} points vs the rest${ciText} ≥ ${v.threshold}, ${p} ≤ ${v.alpha}`,
    };
  }
  if (v.ci && v.ci[1] < t) {
    return {
      verdict: 'within tolerance',
      reason: `excess ${signed(v.excess)} points${ciText}: the whole interval is below the ${v.threshold}-point threshold${v.rejected ? ` (significant, ${p}, but small)` : ''}`,
    };
  }
  const mde = v.mde !== null ? `; this cell could detect ≈ ${pct(v.mde)} points at 80 % power` : '';
  return {
    verdict: 'inconclusive',
    reason: v.rejected
      ? `significant (${p}) but the excess ${signed(v.excess)} points${ciText} is below the ${v.threshold}-point threshold and its interval reaches it${mde}`
      : `excess ${signed(v.excess)} points${ciText}, not significant (${p} > ${v.alpha}) and the interval reaches the ${v.threshold}-point threshold${mde}`,
  };
}
