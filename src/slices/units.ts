import type { UtteranceRow } from '../results/row.js';
import type { Normalizer } from '../scoring/normalize.js';
import { scoreWords } from '../scoring/wer.js';

/** What a slice is scored by: paired degradation (perturbed − clean errors) or clean WER. */
export type SliceMetric = 'degradation' | 'clean-wer';

/** The fields of an utterances.jsonl row the slice search reads. */
export type SliceRow = Pick<
  UtteranceRow,
  'id' | 'speaker' | 'labels' | 'condition' | 'engine' | 'reference' | 'hypothesis' | 'sweep'
> &
  Partial<Pick<UtteranceRow, 'params'>>;

/**
 * One scored observation: a clip under one engine × condition, paired with the same clip's
 * clean unit for `degradation`. `d` is the numerator (error difference, or clean errors),
 * `w` the clip's reference words. Context values are the clip-level attributes (condition,
 * engine, clip labels, drawn-parameter bins, length band), keyed by attribute name.
 */
export interface SliceUnit {
  readonly clip: string;
  readonly speaker: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly condition: string;
  readonly engine: string;
  readonly d: number;
  readonly w: number;
  /** Numeric drawn parameters of the perturbed unit: `<condition base>.<field>` → value. */
  readonly params: Readonly<Record<string, number>>;
}

export interface ScoredSliceUnits {
  readonly units: SliceUnit[];
  /** Units skipped: failed engine calls, or no scored clean unit to pair with. */
  readonly skipped: number;
}

/**
 * Scores rows into slice units. A unit counts only when it (and, for degradation, its clean
 * pair) was scored; failed calls are counted, never scored as errors — as in src/stats.
 */
export function sliceUnits(
  rows: Iterable<SliceRow>,
  normalizer: Normalizer,
  metric: SliceMetric,
  baseline = 'clean',
): ScoredSliceUnits {
  const clean = new Map<string, number>();
  const perturbed: { row: SliceRow; errors: number; words: number }[] = [];
  let skipped = 0;
  const refCache = new Map<string, string[]>();
  for (const row of rows) {
    if (row.hypothesis === null || row.hypothesis === undefined) {
      skipped++;
      continue;
    }
    let ref = refCache.get(row.reference);
    if (!ref) {
      ref = normalizer.words(row.reference);
      refCache.set(row.reference, ref);
    }
    const s = scoreWords(ref, normalizer.words(row.hypothesis));
    if (s.refWords === 0) continue;
    if (row.condition === baseline) clean.set(`${row.engine}|${row.id}`, s.errors);
    if (metric === 'clean-wer' ? row.condition === baseline : row.condition !== baseline)
      perturbed.push({ row, errors: s.errors, words: s.refWords });
  }
  const units: SliceUnit[] = [];
  for (const { row, errors, words } of perturbed) {
    let d = errors;
    if (metric === 'degradation') {
      const base = clean.get(`${row.engine}|${row.id}`);
      if (base === undefined) {
        skipped++;
        continue;
      }
      d = errors - base;
    }
    units.push({
      clip: row.id,
      speaker: row.speaker,
      labels: row.labels ?? {},
      condition: row.condition,
      engine: row.engine,
      d,
      w: words,
      params: numericParams(row),
    });
  }
  return { units, skipped };
}

function numericParams(row: SliceRow): Record<string, number> {
  const out: Record<string, number> = {};
  const base = row.sweep?.base ?? row.condition;
  const seen = new Map<string, number>();
  for (const step of row.params ?? []) {
    for (const [field, value] of Object.entries(step)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      // The same field in two steps of one chain keeps both, told apart by occurrence.
      const n = (seen.get(field) ?? 0) + 1;
      seen.set(field, n);
      out[`${base}.${field}${n > 1 ? `#${n}` : ''}`] = value;
    }
  }
  return out;
}
