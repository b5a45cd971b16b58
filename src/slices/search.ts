import type { Predicate, Slice, SliceEvaluator, SliceFigures, SupportRule } from './evaluate.js';

export interface SearchOptions {
  /** Predicates a slice may have (k). */
  readonly maxPredicates: number;
  readonly rule: SupportRule;
  /** Speakers in play (a half of the split); all when absent. */
  readonly mask?: Uint8Array;
  /** Prune expansions whose upper bound cannot reach the ranked list (SliceLine-style). */
  readonly bound?: { readonly keep: number };
}

export interface Scored {
  readonly slice: Slice;
  readonly figures: SliceFigures;
}

export interface SearchCounts {
  /** Slices whose figures were computed (support met on both sides). */
  readonly scored: number;
  /** Candidates dropped because the slice, or its context, lacked speakers or words. */
  readonly belowSupport: number;
  /** Expansions skipped because no descendant could reach the ranked list. */
  readonly prunedByBound: number;
}

/**
 * Level-wise search of conjunctions (SliceLine's lattice, Sagadeeva & Boehm 2021): level L+1
 * extends each kept slice of level L by one predicate on a later attribute, so every
 * conjunction is generated once. Support only shrinks as predicates are added, so a slice
 * below support is not extended; with `bound`, a slice whose upper bound on any descendant's
 * excess is below the lower bound of the current `keep`-th best is not extended either.
 */
export function searchSlices(
  evaluator: SliceEvaluator,
  options: SearchOptions,
): { scored: Scored[]; counts: SearchCounts } {
  const { rule, mask, maxPredicates } = options;
  const attributes = evaluator.space.attributes;
  const scored: Scored[] = [];
  const best: number[] = [];
  let belowSupport = 0;
  let prunedByBound = 0;
  let level: Slice[] = [[]];
  for (let depth = 1; depth <= maxPredicates && level.length; depth++) {
    const next: Slice[] = [];
    for (const parent of level) {
      const from = parent.length ? parent[parent.length - 1][0] + 1 : 0;
      for (let a = from; a < attributes.length; a++) {
        for (let v = 0; v < attributes[a].values.length; v++) {
          const child: Slice = [...parent, [a, v] as Predicate];
          const s = evaluator.support(child, mask);
          const hasGroup = child.some((p) => evaluator.isSpeakerPredicate(p));
          const enough = hasGroup
            ? s.speakers >= rule.minSpeakers && s.words >= rule.minWords
            : s.ctxSpeakers >= 2 * rule.minSpeakers && s.ctxWords >= 2 * rule.minWords;
          if (!enough) {
            belowSupport++;
            continue;
          }
          if (hasGroup) {
            const figures = evaluator.evaluate(child, rule, mask);
            if (figures) {
              scored.push({ slice: child, figures });
              if (options.bound) insertBest(best, figures.ci[0], options.bound.keep);
            }
          }
          if (depth === maxPredicates) continue;
          if (options.bound && best.length >= options.bound.keep) {
            const threshold = best[best.length - 1];
            if (evaluator.upperBound(child, rule.minWords, mask) <= threshold) {
              prunedByBound++;
              continue;
            }
          }
          next.push(child);
        }
      }
    }
    level = next;
  }
  return { scored, counts: { scored: scored.length, belowSupport, prunedByBound } };
}

/** Keeps the `keep` largest values, sorted descending. */
function insertBest(best: number[], value: number, keep: number): void {
  if (best.length >= keep && value <= best[best.length - 1]) return;
  let i = best.length;
  while (i > 0 && best[i - 1] < value) i--;
  best.splice(i, 0, value);
  if (best.length > keep) best.pop();
}

/** Ranks by the lower end of the interval: a large excess on two speakers does not lead. */
export function rankByLowerBound(scored: readonly Scored[]): Scored[] {
  return [...scored].sort(
    (a, b) => b.figures.ci[0] - a.figures.ci[0] || b.figures.excess - a.figures.excess,
  );
}

/**
 * DivExplorer's redundancy pruning (Pastor et al. 2021): a slice is redundant when dropping
 * one of its predicates changes its excess by at most ε — that predicate adds nothing (e.g.
 * "accent = x ∧ condition = hum" when accent x fares as badly under every condition).
 * Predicates whose removal leaves no speaker predicate are not dropped (no group is left).
 * For a context predicate (condition, bin, length band: a split of the same speakers' own
 * clips) ε is widened to the noise of the difference: the sub-slice's estimate moves from its
 * parent's by chance alone with standard error ≈ √(se²_child − se²_parent) (nested estimates,
 * as in Hausman's test), and a move within 1.96 of those adds nothing the data can tell —
 * otherwise "the planted slice ∧ short clips" outranks the planted slice by luck. Speaker
 * predicates are the groups under test and keep the plain ε.
 */
export function redundantOf(
  evaluator: SliceEvaluator,
  item: Scored,
  epsilon: number,
  mask?: Uint8Array,
): Slice | null {
  const { slice } = item;
  if (slice.length < 2) return null;
  for (let i = 0; i < slice.length; i++) {
    const parent = slice.filter((_, j) => j !== i);
    if (!parent.some((p) => evaluator.isSpeakerPredicate(p))) continue;
    const f = evaluator.evaluate(parent, { minSpeakers: 2, minWords: 1 }, mask);
    if (!f) continue;
    const noise = evaluator.isSpeakerPredicate(slice[i]) ? 0 : chanceMove(item.figures, f);
    if (Math.abs(f.excess - item.figures.excess) <= Math.max(epsilon, noise)) return parent;
  }
  return null;
}

/**
 * How far a nested slice's excess moves from its parent's by chance alone: the larger of the
 * Hausman-style √(se²_child − se²_parent) and se_child·√(1 − f), f the child's share of the
 * parent's words (what the first is under equal spread; estimated SEs can put the child's
 * below the parent's by luck), times NESTED_Z.
 */
function chanceMove(child: SliceFigures, parent: SliceFigures): number {
  const f = Math.min(1, child.words / parent.words);
  const se = Math.max(
    Math.sqrt(Math.max(0, child.se ** 2 - parent.se ** 2)),
    child.se * Math.sqrt(1 - f),
  );
  return NESTED_Z * se;
}

/**
 * 2.39 = z at 0.025/3: a context attribute splits a parent into about three siblings (tertile
 * bins, a few conditions), and the search sees the most extreme of them.
 */
export const NESTED_Z = 2.39;

/**
 * Each predicate's share of the slice's excess: Shapley values over its predicates, with the
 * value of a set of predicates its excess against the rest (0 when it holds no speaker
 * predicate: a context alone is not a group). DivExplorer attributes divergence this way.
 */
export function shapleyOf(evaluator: SliceEvaluator, slice: Slice, mask?: Uint8Array): number[] {
  const n = slice.length;
  const value = new Map<number, number>();
  const v = (bits: number): number => {
    let cached = value.get(bits);
    if (cached !== undefined) return cached;
    const sub = slice.filter((_, i) => bits & (1 << i));
    const f = sub.some((p) => evaluator.isSpeakerPredicate(p))
      ? evaluator.evaluate(sub, { minSpeakers: 2, minWords: 1 }, mask)
      : null;
    cached = f ? f.excess : 0;
    value.set(bits, cached);
    return cached;
  };
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  return slice.map((_, i) => {
    let phi = 0;
    for (let bits = 0; bits < 1 << n; bits++) {
      if (bits & (1 << i)) continue;
      let size = 0;
      for (let b = bits; b; b &= b - 1) size++;
      phi += ((fact(size) * fact(n - size - 1)) / fact(n)) * (v(bits | (1 << i)) - v(bits));
    }
    return phi;
  });
}
