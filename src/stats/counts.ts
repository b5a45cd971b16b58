import type { UtteranceScore } from '../scoring/wer.js';
import type { Counts } from './summary-schema.js';

export type MutableCounts = { -readonly [K in keyof Counts]: Counts[K] };

export function zeroCounts(): MutableCounts {
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

export function addUtterance(c: MutableCounts, s: UtteranceScore): void {
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

/** Adds `b` into `a` (exact for every field but the floating-point WER sum). */
export function mergeCounts(a: MutableCounts, b: Counts): void {
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

export function sumCounts(list: readonly Counts[]): MutableCounts {
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
