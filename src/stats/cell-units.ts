import type { CellData } from './aggregate.js';
import { type RateMetric, WER_METRIC } from './rate-metric.js';

/**
 * One engine × condition as typed arrays of resampling units (speakers, or utterances in the
 * naive mode): each unit's global index (shared by every cell of the run, so one permutation
 * of unit labels applies to all cells at once), its clean and perturbed error counts on the
 * paired clips and its reference words (the same clips clean and perturbed, so one count).
 * "Errors" and "words" are those of a rate metric: WER by default, or one error kind, or
 * keyword errors over reference keywords (rate-metric.ts) — `words` then holds its units.
 */
export interface CellUnits {
  readonly data: CellData;
  /** Group names present in the cell, sorted; local group index k refers to this list. */
  readonly groups: readonly string[];
  /** Global group index of each local group. */
  readonly globalGroup: Int32Array;
  readonly unit: Int32Array;
  readonly words: Float64Array;
  readonly baseErrors: Float64Array;
  readonly condErrors: Float64Array;
  /** Local group index of each unit (the observed labelling). */
  readonly groupOf: Int32Array;
  readonly speakersPerGroup: readonly number[];
  readonly wordsPerGroup: readonly number[];
  readonly assessable: readonly boolean[];
  /** True when the cell has a baseline and ≥ 2 assessable groups: its groups are tested. */
  readonly tested: boolean;
}

/** Global numbering of units and groups across every cell of a run. */
export interface UnitIndex {
  readonly units: Map<string, number>;
  /** Global group index of each unit. */
  readonly unitGroup: number[];
  readonly groups: Map<string, number>;
}

export function indexUnits(cells: readonly CellData[]): UnitIndex {
  const units = new Map<string, number>();
  const unitGroup: number[] = [];
  const groups = new Map<string, number>();
  const allGroups = [...new Set(cells.flatMap((c) => c.clusters.map((u) => u.group)))].sort();
  for (const g of allGroups) groups.set(g, groups.size);
  for (const cell of cells) {
    for (const u of cell.clusters) {
      if (units.has(u.key)) continue;
      units.set(u.key, unitGroup.length);
      unitGroup.push(groups.get(u.group)!);
    }
  }
  return { units, unitGroup, groups };
}

export function cellUnits(
  data: CellData,
  index: UnitIndex,
  minSpeakers: number,
  minRefWords: number,
  metric: RateMetric = WER_METRIC,
): CellUnits {
  const groups = [...data.coverage.keys()].sort();
  const local = new Map(groups.map((g, k) => [g, k]));
  const n = data.clusters.length;
  const unit = new Int32Array(n);
  const words = new Float64Array(n);
  const baseErrors = new Float64Array(n);
  const condErrors = new Float64Array(n);
  const groupOf = new Int32Array(n);
  data.clusters.forEach((c, i) => {
    unit[i] = index.units.get(c.key)!;
    groupOf[i] = local.get(c.group)!;
    words[i] = metric.units(c);
    condErrors[i] = metric.errors(c, 'condition');
    baseErrors[i] = metric.errors(c, 'baseline');
  });
  const speakersPerGroup = groups.map(() => 0);
  const wordsPerGroup = groups.map(() => 0);
  for (const s of data.speakers.values()) {
    const k = local.get(s.group)!;
    speakersPerGroup[k]++;
    wordsPerGroup[k] += metric.units(s);
  }
  const assessable = groups.map(
    (_, k) =>
      data.hasBaseline && speakersPerGroup[k] >= minSpeakers && wordsPerGroup[k] >= minRefWords,
  );
  const tested = !data.isBaseline && data.hasBaseline && assessable.filter(Boolean).length >= 2;
  return {
    data,
    groups,
    globalGroup: Int32Array.from(groups, (g) => index.groups.get(g) ?? -1),
    unit,
    words,
    baseErrors,
    condErrors,
    groupOf,
    speakersPerGroup,
    wordsPerGroup,
    assessable,
    tested,
  };
}
