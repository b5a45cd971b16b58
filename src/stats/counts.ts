import { type WordCounts, zeroCounts } from '../scoring/wer.js';
import type { Counts } from './summary-schema.js';

/** Adds `b` into `a` (exact for every field but the floating-point WER sum). */
export function mergeCounts(a: WordCounts, b: Counts): void {
  a.utterances += b.utterances;
  a.refWords += b.refWords;
  a.hits += b.hits;
  a.substitutions += b.substitutions;
  a.deletions += b.deletions;
  a.insertions += b.insertions;
  a.errors += b.errors;
  a.utterancesWithWords += b.utterancesWithWords;
  a.sumUtteranceWer += b.sumUtteranceWer;
}

export function sumCounts(list: readonly Counts[]): WordCounts {
  const t = zeroCounts();
  for (const c of list) mergeCounts(t, c);
  return t;
}

export function werOf(c: Counts): number | null {
  return c.refWords > 0 ? c.errors / c.refWords : null;
}

export function meanUtteranceWer(c: Counts): number | null {
  return c.utterancesWithWords > 0 ? c.sumUtteranceWer / c.utterancesWithWords : null;
}
