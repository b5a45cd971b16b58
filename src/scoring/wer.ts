import { type AlignmentCounts, alignCounts } from './align.js';
import type { Normalizer } from './normalize.js';

/** Alignment counts of one utterance, with its word error rate. */
export interface UtteranceScore extends AlignmentCounts {
  /** S + D + I. */
  readonly errors: number;
  /**
   * errors / refWords. With an empty reference there is no rate: `null` (the utterance still
   * adds its insertions to corpus totals, as sclite and jiwer do).
   */
  readonly wer: number | null;
}

export function scoreWords(ref: readonly string[], hyp: readonly string[]): UtteranceScore {
  const c = alignCounts(ref, hyp);
  const errors = c.substitutions + c.deletions + c.insertions;
  return { ...c, errors, wer: c.refWords > 0 ? errors / c.refWords : null };
}

export function scoreText(normalizer: Normalizer, ref: string, hyp: string): UtteranceScore {
  return scoreWords(normalizer.words(ref), normalizer.words(hyp));
}

/** Summed counts: corpus WER is total errors / total reference words. */
export interface TotalCounts {
  utterances: number;
  refWords: number;
  hits: number;
  substitutions: number;
  deletions: number;
  insertions: number;
}

export function emptyTotals(): TotalCounts {
  return { utterances: 0, refWords: 0, hits: 0, substitutions: 0, deletions: 0, insertions: 0 };
}

export function addScore(t: TotalCounts, s: AlignmentCounts): void {
  t.utterances++;
  t.refWords += s.refWords;
  t.hits += s.hits;
  t.substitutions += s.substitutions;
  t.deletions += s.deletions;
  t.insertions += s.insertions;
}

export function totalErrors(t: AlignmentCounts): number {
  return t.substitutions + t.deletions + t.insertions;
}

/** Corpus WER (a fraction); null without reference words. */
export function corpusWer(t: AlignmentCounts): number | null {
  return t.refWords > 0 ? totalErrors(t) / t.refWords : null;
}
