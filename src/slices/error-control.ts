import { createRng } from '../rng.js';
import { holmAdjust } from '../stats/holm.js';
import type { Slice, SliceEvaluator, SliceFigures, SupportRule } from './evaluate.js';
import type { SliceSpace } from './space.js';

/**
 * Westfall–Young single-step max-T over every slice that met support on all speakers: the
 * speakers' label vectors are permuted together (so accent and gender stay joined as they
 * were, and contexts keep their speakers), each slice's studentized excess is put on the
 * normal scale, and a slice's adjusted p is the share of permutations whose largest statistic
 * over the whole family reaches its own. The family is fixed before any permutation, and the
 * ranked list's bound pruning does not shrink it, so the control holds over every candidate.
 */
export function maxStatisticPValues(
  evaluator: SliceEvaluator,
  family: readonly Slice[],
  permutations: number,
  seed: number | string,
): { adjusted: number[]; permutations: number } {
  const n = evaluator.space.speakers.length;
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const observed = family.map((s) => evaluator.z(s, identity));
  const exceed = new Float64Array(family.length);
  const rng = createRng('lastmile/slices', seed, 'max-statistic');
  const perm = Int32Array.from(identity);
  for (let b = 0; b < permutations; b++) {
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    let max = -Infinity;
    for (const slice of family) {
      const z = evaluator.z(slice, perm);
      if (z > max) max = z;
    }
    for (let j = 0; j < family.length; j++)
      if (max >= observed[j] - 1e-9 * Math.abs(observed[j])) exceed[j]++;
  }
  return {
    adjusted: observed.map((_, j) => (1 + exceed[j]) / (1 + permutations)),
    permutations,
  };
}

/**
 * Splits speakers in two halves, stratified by their speaker attributes (each accent × gender
 * combination is split as evenly as it can be), from a seed: `slices` finds on the discovery
 * half and confirms on the other; `verify-claim` tests on the confirmation half.
 */
export function splitSpeakers(space: SliceSpace, seed: number | string): Uint8Array {
  const strata = new Map<string, number[]>();
  space.speakers.forEach((_, s) => {
    const key = [...space.speakerValue.values()].map((col) => col[s]).join(',');
    let list = strata.get(key);
    if (!list) {
      list = [];
      strata.set(key, list);
    }
    list.push(s);
  });
  const rng = createRng('lastmile/slices', seed, 'split');
  const discovery = new Uint8Array(space.speakers.length);
  let turn = 0;
  for (const key of [...strata.keys()].sort()) {
    const list = strata.get(key)!;
    for (let i = list.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [list[i], list[j]] = [list[j], list[i]];
    }
    for (const s of list) {
      discovery[s] = turn % 2 === 0 ? 1 : 0;
      turn++;
    }
  }
  return discovery;
}

export interface Confirmation {
  readonly slice: Slice;
  readonly figures: SliceFigures | null;
  /** Holm-adjusted one-sided p over the slices carried to confirmation. */
  readonly pHolm: number;
  readonly confirmed: boolean;
}

/**
 * Tests the slices found on the discovery half on the held-out half, one-sided, Holm over the
 * slices carried: the choice of slices used none of these speakers, so the family-wise error
 * of "confirmed" is at most α however many candidates the search looked at.
 */
export function confirmOnHeldOut(
  evaluator: SliceEvaluator,
  carried: readonly Slice[],
  heldOut: Uint8Array,
  rule: SupportRule,
  alpha: number,
): Confirmation[] {
  const figures = carried.map((s) => evaluator.evaluate(s, rule, heldOut));
  const adjusted = holmAdjust(figures.map((f) => f?.p ?? 1));
  return carried.map((slice, j) => ({
    slice,
    figures: figures[j],
    pHolm: adjusted[j],
    confirmed: figures[j] !== null && adjusted[j] <= alpha && figures[j]!.excess > 0,
  }));
}
