import { align } from './align.js';
import { type Hallucination, hallucinations } from './hallucination.js';
import { type KeywordMatcher, keywordCounts } from './keywords.js';
import { scoreAlignment, type UtteranceScore } from './wer.js';

/**
 * Counts of error kinds beyond S/D/I, per utterance and summed like WordCounts: keyword
 * occurrences and errors (when a keyword list is given) and hallucinated insertions.
 */
export interface KindCounts {
  refKeywords: number;
  keywordErrors: number;
  loopInsertions: number;
  noSpeechInsertions: number;
  /** Utterances with at least one hallucinated word. */
  hallucinatedUtterances: number;
}

export function zeroKinds(): KindCounts {
  return {
    refKeywords: 0,
    keywordErrors: 0,
    loopInsertions: 0,
    noSpeechInsertions: 0,
    hallucinatedUtterances: 0,
  };
}

export function addKinds(a: KindCounts, b: KindCounts): void {
  a.refKeywords += b.refKeywords;
  a.keywordErrors += b.keywordErrors;
  a.loopInsertions += b.loopInsertions;
  a.noSpeechInsertions += b.noSpeechInsertions;
  a.hallucinatedUtterances += b.hallucinatedUtterances;
}

export interface UtteranceAnatomy {
  readonly score: UtteranceScore;
  readonly kinds: KindCounts;
  /** The loop found, when there is one (for the report's examples). */
  readonly loop?: Hallucination['loop'];
}

/** One alignment of the utterance, read for S/D/I, keywords and hallucinations at once. */
export function scoreUtterance(
  ref: readonly string[],
  hyp: readonly string[],
  keywords?: KeywordMatcher,
): UtteranceAnatomy {
  const a = align(ref, hyp);
  const h = hallucinations(a.pairs);
  const k = keywords ? keywordCounts(a.pairs, keywords) : { refKeywords: 0, keywordErrors: 0 };
  return {
    score: scoreAlignment(a),
    kinds: {
      ...k,
      loopInsertions: h.loopInsertions,
      noSpeechInsertions: h.noSpeechInsertions,
      hallucinatedUtterances: h.loopInsertions + h.noSpeechInsertions > 0 ? 1 : 0,
    },
    ...(h.loop && { loop: h.loop }),
  };
}
