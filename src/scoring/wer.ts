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
  return scoreAlignment(alignCounts(ref, hyp));
}

/** The score of counts already aligned (with or without the pair list). */
export function scoreAlignment(c: AlignmentCounts): UtteranceScore {
  const errors = c.substitutions + c.deletions + c.insertions;
  return {
    refWords: c.refWords,
    hits: c.hits,
    substitutions: c.substitutions,
    deletions: c.deletions,
    insertions: c.insertions,
    errors,
    wer: c.refWords > 0 ? errors / c.refWords : null,
  };
}

export function scoreText(normalizer: Normalizer, ref: string, hyp: string): UtteranceScore {
  return scoreWords(normalizer.words(ref), normalizer.words(hyp));
}

/**
 * Word counts summed over utterances: the one type for them, used by the score command's
 * totals and by every cell of the statistics (summary.json's `Counts` is its JSON form).
 * Counts add, so cells merge by addition; corpus WER = errors / refWords.
 */
export interface WordCounts {
  utterances: number;
  refWords: number;
  hits: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  /** S + D + I. */
  errors: number;
  /** Utterances with a non-empty reference: the denominator of the mean utterance WER. */
  utterancesWithWords: number;
  sumUtteranceWer: number;
}

export function zeroCounts(): WordCounts {
  return {
    utterances: 0,
    refWords: 0,
    hits: 0,
    substitutions: 0,
    deletions: 0,
    insertions: 0,
    errors: 0,
    utterancesWithWords: 0,
    sumUtteranceWer: 0,
  };
}

export function addUtterance(c: WordCounts, s: UtteranceScore): void {
  c.utterances++;
  c.refWords += s.refWords;
  c.hits += s.hits;
  c.substitutions += s.substitutions;
  c.deletions += s.deletions;
  c.insertions += s.insertions;
  c.errors += s.errors;
  if (s.wer !== null) {
    c.utterancesWithWords++;
    c.sumUtteranceWer += s.wer;
  }
}

export function totalErrors(t: AlignmentCounts): number {
  return t.substitutions + t.deletions + t.insertions;
}

/** Corpus WER (a fraction); null without reference words. */
export function corpusWer(t: AlignmentCounts): number | null {
  return t.refWords > 0 ? totalErrors(t) / t.refWords : null;
}
