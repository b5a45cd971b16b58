/**
 * Word alignment with NIST sclite's costs: a correct word costs 0, a substitution 4, an
 * insertion 3 and a deletion 3. With these weights a deletion plus an insertion (6) is
 * cheaper than two substitutions (8) whenever it lines up a match, which is why sclite's
 * counts differ from a unit-cost Levenshtein distance (`a b` → `b c`: 1 C, 1 D, 1 I).
 *
 * Among alignments of equal cost, the choice changes the counts (three substitutions cost
 * the same as one hit plus two deletions and two insertions). sclite resolves ties in its
 * backtrace; this module resolves them the same way (see TIE_BREAK), verified against
 * sclite on hundreds of generated pairs in test/scoring/sclite.test.ts.
 */

export const ALIGNMENT_COSTS = { correct: 0, substitution: 4, insertion: 3, deletion: 3 } as const;

/** How equal-cost alternatives are chosen, tracing back from the end of both strings. */
export const TIE_BREAK =
  'backtrace from the end preferring the diagonal (hit or substitution), then an insertion, then a deletion';

export type EditOp = 'C' | 'S' | 'D' | 'I';

export interface AlignmentCounts {
  /** Reference words (C + S + D). */
  readonly refWords: number;
  readonly hits: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
}

export interface AlignedPair {
  readonly op: EditOp;
  /** Reference word, absent for an insertion. */
  readonly ref?: string;
  /** Hypothesis word, absent for a deletion. */
  readonly hyp?: string;
}

export interface Alignment extends AlignmentCounts {
  readonly pairs: readonly AlignedPair[];
}

// Scratch buffers reused across calls: alignment is called once per utterance, 100k+ times.
let costBuf = new Int32Array(0);

function fill(ref: readonly string[], hyp: readonly string[]): Int32Array {
  const n = ref.length;
  const m = hyp.length;
  const w = m + 1;
  const size = (n + 1) * w;
  if (costBuf.length < size) costBuf = new Int32Array(Math.max(size, costBuf.length * 2));
  const d = costBuf;
  const { substitution: sub, insertion: ins, deletion: del } = ALIGNMENT_COSTS;
  for (let j = 0; j <= m; j++) d[j] = j * ins;
  for (let i = 1; i <= n; i++) {
    const row = i * w;
    const prev = row - w;
    d[row] = i * del;
    const r = ref[i - 1];
    for (let j = 1; j <= m; j++) {
      const diag = d[prev + j - 1] + (r === hyp[j - 1] ? 0 : sub);
      const up = d[prev + j] + del;
      const left = d[row + j - 1] + ins;
      let best = diag;
      if (up < best) best = up;
      if (left < best) best = left;
      d[row + j] = best;
    }
  }
  return d;
}

/** Full alignment with the aligned word pairs, in reference order. */
export function align(ref: readonly string[], hyp: readonly string[]): Alignment {
  return trace(ref, hyp, true) as Alignment;
}

/** Counts only (no pair list): the fast path for scoring many utterances. */
export function alignCounts(ref: readonly string[], hyp: readonly string[]): AlignmentCounts {
  return trace(ref, hyp, false);
}

function trace(
  ref: readonly string[],
  hyp: readonly string[],
  keepPairs: boolean,
): AlignmentCounts | Alignment {
  const n = ref.length;
  const m = hyp.length;
  const d = fill(ref, hyp);
  const w = m + 1;
  const { substitution: sub, insertion: ins, deletion: del } = ALIGNMENT_COSTS;
  let hits = 0;
  let subs = 0;
  let dels = 0;
  let inss = 0;
  const pairs: AlignedPair[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = d[i * w + j];
    if (i > 0 && j > 0) {
      const same = ref[i - 1] === hyp[j - 1];
      if (here === d[(i - 1) * w + j - 1] + (same ? 0 : sub)) {
        if (same) hits++;
        else subs++;
        if (keepPairs) pairs.push({ op: same ? 'C' : 'S', ref: ref[i - 1], hyp: hyp[j - 1] });
        i--;
        j--;
        continue;
      }
    }
    if (j > 0 && here === d[i * w + j - 1] + ins) {
      inss++;
      if (keepPairs) pairs.push({ op: 'I', hyp: hyp[j - 1] });
      j--;
      continue;
    }
    if (i > 0 && here === d[(i - 1) * w + j] + del) {
      dels++;
      if (keepPairs) pairs.push({ op: 'D', ref: ref[i - 1] });
      i--;
      continue;
    }
    throw new Error(`alignment backtrace failed at (${i}, ${j})`);
  }
  const counts = {
    refWords: n,
    hits,
    substitutions: subs,
    deletions: dels,
    insertions: inss,
  };
  if (!keepPairs) return counts;
  pairs.reverse();
  return { ...counts, pairs };
}
