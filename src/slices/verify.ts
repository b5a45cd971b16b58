import { getNormalizer, type Normalizer } from '../scoring/normalize.js';
import { claimSlice, type LoadedClaim } from './claim.js';
import { SliceEvaluator } from './evaluate.js';
import { figuresJson, labelOf, type SliceFiguresJson } from './find-slices.js';
import { buildSpace } from './space.js';
import { type SliceRow, sliceUnits } from './units.js';

export type ClaimVerdict = 'confirmed' | 'not confirmed' | 'inconclusive';

export interface ClaimResult {
  readonly file: string;
  readonly claim: string | null;
  readonly slice: string;
  readonly metric: LoadedClaim['claim']['metric'];
  readonly claimedExcess: number;
  readonly speakers: 'held-out' | 'all';
  /** Speakers the claim was tested on (slice and rest). */
  readonly tested: number;
  readonly figures: SliceFiguresJson | null;
  readonly verdict: ClaimVerdict;
  readonly reason: string;
}

export interface VerifyOptions {
  /** Speaker ids held out from discovery (the confirmation half); all speakers when absent. */
  readonly heldOut?: readonly string[];
  readonly alpha?: number;
  readonly minSpeakers?: number;
  readonly minWords?: number;
  readonly normalizer?: Normalizer;
}

/**
 * The audit half of a bias bounty. On speakers the claim was not found on (the held-out half,
 * or a fresh run), the slice's excess over the rest of its context with its 1 − α interval:
 * - confirmed: the interval lies above 0 and reaches the claimed excess;
 * - not confirmed: the interval lies below the claimed excess (the data rule out an excess
 *   that large; a smaller one may still be real, and is named);
 * - inconclusive: the interval holds both 0 and the claimed excess, or too few speakers.
 */
export function verifyClaim(
  rows: Iterable<SliceRow>,
  loaded: LoadedClaim,
  o: VerifyOptions = {},
): ClaimResult {
  const alpha = o.alpha ?? 0.05;
  const { claim } = loaded;
  const { units } = sliceUnits(rows, o.normalizer ?? getNormalizer('en-basic'), claim.metric);
  const space = buildSpace(units, { maxValues: Number.POSITIVE_INFINITY });
  const slice = claimSlice(loaded, space);
  const evaluator = new SliceEvaluator(space, alpha);
  const held = o.heldOut ? new Set(o.heldOut) : undefined;
  const mask = held ? Uint8Array.from(space.speakers, (s) => (held.has(s) ? 1 : 0)) : undefined;
  const rule = { minSpeakers: o.minSpeakers ?? 3, minWords: o.minWords ?? 100 };
  const f = evaluator.evaluate(slice, rule, mask);
  const base = {
    file: loaded.file,
    claim: claim.claim ?? null,
    slice: labelOf(space, slice),
    metric: claim.metric,
    claimedExcess: claim.claimedExcess,
    speakers: held ? ('held-out' as const) : ('all' as const),
    tested: mask ? mask.reduce((s, x) => s + x, 0) : space.speakers.length,
  };
  if (!f) {
    const s = evaluator.support(slice, mask);
    return {
      ...base,
      figures: null,
      verdict: 'inconclusive',
      reason: `too few speakers or words to test: the slice has ${s.speakers} speakers and ${Math.round(s.words)} words here, the rest ${s.ctxSpeakers - s.speakers} speakers (each side needs ${rule.minSpeakers} speakers and ${rule.minWords} words)`,
    };
  }
  const figures = figuresJson(f);
  const [lo, hi] = figures.ci;
  const level = `${Math.round((1 - alpha) * 100)} %`;
  if (lo > 0 && hi >= claim.claimedExcess)
    return {
      ...base,
      figures,
      verdict: 'confirmed',
      reason: `excess ${figures.excess.toFixed(1)} points, ${level} interval [${lo.toFixed(1)}, ${hi.toFixed(1)}]: above 0 and reaching the claimed ${claim.claimedExcess}`,
    };
  if (hi < claim.claimedExcess)
    return {
      ...base,
      figures,
      verdict: 'not confirmed',
      reason: `excess ${figures.excess.toFixed(1)} points, ${level} interval [${lo.toFixed(1)}, ${hi.toFixed(1)}]: rules out the claimed ${claim.claimedExcess}${lo > 0 ? ` (an excess of at least ${lo.toFixed(1)} is confirmed; resubmit with that figure)` : ''}`,
    };
  return {
    ...base,
    figures,
    verdict: 'inconclusive',
    reason: `excess ${figures.excess.toFixed(1)} points, ${level} interval [${lo.toFixed(1)}, ${hi.toFixed(1)}]: holds both 0 and the claimed ${claim.claimedExcess} — more speakers are needed`,
  };
}

export function claimText(r: ClaimResult): string {
  const lines = [
    `${r.verdict.toUpperCase()}: ${r.claim ?? r.slice}`,
    `  slice ${r.slice}; claimed excess ${r.claimedExcess} WER points of ${r.metric === 'degradation' ? 'degradation' : 'clean WER'}`,
    `  tested on ${r.speakers === 'held-out' ? 'held-out speakers' : 'all speakers of this run'} (${r.tested})`,
  ];
  if (r.figures)
    lines.push(
      `  slice ${r.figures.rate.toFixed(1)} vs rest ${r.figures.restRate.toFixed(1)} (${r.figures.speakers} vs ${r.figures.restSpeakers} speakers), one-sided p ${r.figures.p < 0.001 ? '< 0.001' : r.figures.p.toFixed(3)}`,
    );
  lines.push(`  ${r.reason}`);
  return `${lines.join('\n')}\n`;
}
