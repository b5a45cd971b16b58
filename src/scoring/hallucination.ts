import type { AlignedPair } from './align.js';

/**
 * Hallucinated words among an utterance's insertions, of two kinds:
 * - a repetition loop: the hypothesis repeats an n-gram (n ≤ LOOP.maxN) at least
 *   LOOP.minCopies times in a row and at least one whole copy of it was inserted (the
 *   reference does not have that many) — the decoder stuck on its own output. A word said
 *   twice and heard twice ("no no") has no insertion and is never a loop; one extra copy
 *   ("no" → "no no") is an ordinary insertion.
 * - no speech: words where the reference has none (an empty reference: silence or noise only).
 */
export const LOOP = { maxN: 4, minCopies: 3 } as const;

export interface HallucinationCounts {
  /** Inserted words inside repetition loops. */
  loopInsertions: number;
  /** Inserted words in utterances whose reference is empty. */
  noSpeechInsertions: number;
}

export interface Hallucination extends HallucinationCounts {
  /** The repeated n-gram and its copies, of the longest loop; absent without a loop. */
  readonly loop?: { readonly ngram: string; readonly copies: number };
}

export function hallucinations(pairs: readonly AlignedPair[]): Hallucination {
  const hyp: string[] = [];
  const inserted: boolean[] = [];
  let refWords = 0;
  for (const p of pairs) {
    if (p.op !== 'D') {
      hyp.push(p.hyp!);
      inserted.push(p.op === 'I');
    }
    if (p.op !== 'I') refWords++;
  }
  if (refWords === 0) return { loopInsertions: 0, noSpeechInsertions: hyp.length };
  const inLoop = new Uint8Array(hyp.length);
  let longest: { ngram: string; copies: number; span: number } | undefined;
  for (let start = 0; start < hyp.length; start++) {
    for (let n = 1; n <= LOOP.maxN && start + n * LOOP.minCopies <= hyp.length; n++) {
      const copies = copiesAt(hyp, start, n);
      if (copies < LOOP.minCopies) continue;
      const end = start + copies * n;
      let ins = 0;
      for (let j = start; j < end; j++) if (inserted[j]) ins++;
      if (ins < n) continue;
      for (let j = start; j < end; j++) if (inserted[j]) inLoop[j] = 1;
      if (!longest || end - start > longest.span)
        longest = { ngram: hyp.slice(start, start + n).join(' '), copies, span: end - start };
    }
  }
  const loopInsertions = inLoop.reduce((t, x) => t + x, 0);
  return {
    loopInsertions,
    noSpeechInsertions: 0,
    ...(longest && { loop: { ngram: longest.ngram, copies: longest.copies } }),
  };
}

/** How many times hyp[start, start + n) occurs back to back from `start`. */
function copiesAt(hyp: readonly string[], start: number, n: number): number {
  let copies = 1;
  for (;;) {
    const at = start + copies * n;
    if (at + n > hyp.length) return copies;
    for (let k = 0; k < n; k++) if (hyp[at + k] !== hyp[start + k]) return copies;
    copies++;
  }
}
