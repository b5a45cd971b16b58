import type { UtteranceRow } from '../results/row.js';
import { addKinds, type KindCounts, scoreUtterance, zeroKinds } from '../scoring/anatomy.js';
import type { KeywordMatcher } from '../scoring/keywords.js';
import type { Normalizer } from '../scoring/normalize.js';
import { addUtterance, type UtteranceScore, type WordCounts, zeroCounts } from '../scoring/wer.js';
import { groupLabel, UNLABELLED } from '../text/group-label.js';

/** The fields of an `utterances.jsonl` row that statistics read. */
export type StatsRow = Pick<
  UtteranceRow,
  'id' | 'speaker' | 'labels' | 'condition' | 'engine' | 'reference' | 'hypothesis' | 'sweep'
>;

/** Label used when a row has no label for the grouping key. */
export { UNLABELLED };

export interface ScoredUnit {
  readonly clip: string;
  readonly speaker: string;
  readonly group: string;
  /** null: the engine call failed (missing data). */
  readonly score: UtteranceScore | null;
  /** Keyword and hallucination counts (null with the score). */
  readonly kinds: KindCounts | null;
  /** A repetition loop or words without speech, for the report's examples. */
  readonly hallucination?: HallucinationExample;
}

export interface HallucinationExample {
  readonly kind: 'loop' | 'no speech';
  readonly reference: string;
  readonly hypothesis: string;
  /** The repeated n-gram ×copies, or the words heard in silence. */
  readonly words: string;
}

export interface Scored {
  /** engine → condition → clip → unit, in first-seen order. */
  /** engine → condition → clip id → unit (maps, or views that make units on demand). */
  readonly units: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, ScoredUnit>>>;
  readonly sweeps: Map<string, NonNullable<StatsRow['sweep']>>;
  readonly rows: number;
  readonly duplicates: number;
  readonly errored: number;
}

/**
 * Normalises and aligns every row (references are normalised once each, then cached), and
 * reads each alignment for keyword errors (with a keyword list) and hallucinations.
 */
export function scoreRows(
  rows: Iterable<StatsRow>,
  normalizer: Normalizer,
  groupBy: string,
  keywords?: KeywordMatcher,
): Scored {
  const units = new Map<string, Map<string, Map<string, ScoredUnit>>>();
  const sweeps: Scored['sweeps'] = new Map();
  const refCache = new Map<string, string[]>();
  let count = 0;
  let duplicates = 0;
  let errored = 0;
  for (const row of rows) {
    count++;
    let byCondition = units.get(row.engine);
    if (!byCondition) {
      byCondition = new Map();
      units.set(row.engine, byCondition);
    }
    let byClip = byCondition.get(row.condition);
    if (!byClip) {
      byClip = new Map();
      byCondition.set(row.condition, byClip);
    }
    if (byClip.has(row.id)) duplicates++;
    if (row.sweep && !sweeps.has(row.condition)) sweeps.set(row.condition, row.sweep);
    let scoredRow: Pick<ScoredUnit, 'score' | 'kinds' | 'hallucination'> = {
      score: null,
      kinds: null,
    };
    if (row.hypothesis === null || row.hypothesis === undefined) {
      errored++;
    } else {
      let ref = refCache.get(row.reference);
      if (!ref) {
        ref = normalizer.words(row.reference);
        refCache.set(row.reference, ref);
      }
      const u = scoreUnit(ref, normalizer.words(row.hypothesis), keywords);
      scoredRow = {
        score: u.score,
        kinds: u.kinds,
        ...(u.found && { hallucination: hallucinationExample(row, u.found) }),
      };
    }
    byClip.set(row.id, {
      clip: row.id,
      speaker: row.speaker,
      group: groupLabel(row.labels, groupBy),
      ...scoredRow,
    });
  }
  return { units, sweeps, rows: count, duplicates, errored };
}

/** What a hallucination example says beyond the row's own texts. */
export type HallucinationFound = Pick<HallucinationExample, 'kind' | 'words'>;

/** One unit's alignment read for S/D/I, keyword errors and hallucinations. */
export interface UnitScores {
  readonly score: UtteranceScore;
  readonly kinds: KindCounts;
  /** A repetition loop or words without speech, when there is one. */
  readonly found?: HallucinationFound;
}

/**
 * Scores a normalised hypothesis against its normalised reference: the one scoring of a unit,
 * for `scoreRows` and for the run's tally and its worker threads (src/run/tally.ts, pool).
 */
export function scoreUnit(
  ref: readonly string[],
  hyp: readonly string[],
  keywords?: KeywordMatcher,
): UnitScores {
  const a = scoreUtterance(ref, hyp, keywords);
  const found: HallucinationFound | undefined = a.loop
    ? { kind: 'loop', words: `${a.loop.ngram} ×${a.loop.copies}` }
    : a.kinds.noSpeechInsertions > 0
      ? { kind: 'no speech', words: hyp.join(' ') }
      : undefined;
  return { score: a.score, kinds: a.kinds, ...(found && { found }) };
}

/** The report's example of a hallucination: the row's texts and what was found in them. */
export function hallucinationExample(
  row: Pick<StatsRow, 'reference' | 'hypothesis'>,
  found: HallucinationFound,
): HallucinationExample {
  return {
    kind: found.kind,
    reference: row.reference,
    hypothesis: row.hypothesis ?? '',
    words: found.words,
  };
}

/** One resampling unit (a speaker, or one utterance in the naive mode) of a cell. */
export interface Cluster {
  readonly key: string;
  readonly speaker: string;
  readonly group: string;
  /** Clean counts on the paired clips; null for the baseline cell itself. */
  readonly baseline: WordCounts | null;
  readonly condition: WordCounts;
  /** Keyword and hallucination counts on the same clips (baseline null as above). */
  readonly baselineKinds: KindCounts | null;
  readonly conditionKinds: KindCounts;
}

export interface CoverageCounts {
  units: number;
  errored: number;
  baselineMissing: number;
  scored: number;
}

/** Paired per-speaker (and per-cluster) counts of one engine × condition. */
export interface CellData {
  readonly engine: string;
  readonly condition: string;
  readonly isBaseline: boolean;
  /** false when the condition has no clean baseline to pair with. */
  readonly hasBaseline: boolean;
  readonly speakers: Map<string, Cluster>;
  readonly clusters: Cluster[];
  readonly coverage: Map<string, CoverageCounts>;
}

export type ResamplingUnit = 'speaker' | 'utterance';

/**
 * Pairs each condition's clips with the same clips' clean units (same engine) and sums
 * counts per speaker. A clip counts only when both its clean and its perturbed unit were
 * scored; errored units are counted in coverage, never as errors.
 */
export function buildCells(
  scored: Scored,
  baseline: string,
  unit: ResamplingUnit,
  conditionOrder: readonly string[] = [],
): CellData[] {
  const cells: CellData[] = [];
  for (const [engine, byCondition] of scored.units) {
    const clean = byCondition.get(baseline);
    const ordered = orderConditions([...byCondition.keys()], baseline, conditionOrder);
    for (const condition of ordered) {
      const isBaseline = condition === baseline;
      const byClip = byCondition.get(condition)!;
      const speakers = new Map<string, Cluster>();
      const clusterMap = new Map<string, Cluster>();
      const coverage = new Map<string, CoverageCounts>();
      for (const u of byClip.values()) {
        let cov = coverage.get(u.group);
        if (!cov) {
          cov = { units: 0, errored: 0, baselineMissing: 0, scored: 0 };
          coverage.set(u.group, cov);
        }
        cov.units++;
        if (!u.score) {
          cov.errored++;
          continue;
        }
        let base: ScoredUnit | null = null;
        if (!isBaseline) {
          const c = clean?.get(u.clip);
          if (!c?.score) {
            cov.baselineMissing++;
            continue;
          }
          base = c;
        }
        cov.scored++;
        const add = (map: Map<string, Cluster>, key: string) => {
          let cl = map.get(key);
          if (!cl) {
            cl = {
              key,
              speaker: u.speaker,
              group: u.group,
              baseline: isBaseline ? null : zeroCounts(),
              condition: zeroCounts(),
              baselineKinds: isBaseline ? null : zeroKinds(),
              conditionKinds: zeroKinds(),
            };
            map.set(key, cl);
          }
          addUtterance(cl.condition, u.score!);
          addKinds(cl.conditionKinds, u.kinds!);
          if (base && cl.baseline) addUtterance(cl.baseline, base.score!);
          if (base && cl.baselineKinds) addKinds(cl.baselineKinds, base.kinds!);
        };
        add(speakers, `${u.group}\u0000${u.speaker}`);
        if (unit === 'utterance') add(clusterMap, `${u.group}\u0000${u.speaker}\u0000${u.clip}`);
      }
      cells.push({
        engine,
        condition,
        isBaseline,
        hasBaseline: isBaseline || clean !== undefined,
        speakers,
        clusters: unit === 'speaker' ? [...speakers.values()] : [...clusterMap.values()],
        coverage,
      });
    }
  }
  return cells;
}

/**
 * Baseline first, then the run's planned order (scenario files, conditions, sweep values),
 * then anything else by name: rows arrive in completion order, which varies run to run.
 */
function orderConditions(
  present: readonly string[],
  baseline: string,
  planned: readonly string[],
): string[] {
  const rank = new Map(planned.map((c, i) => [c, i]));
  const key = (c: string) => (c === baseline ? -1 : (rank.get(c) ?? planned.length));
  return [...present].sort((a, b) => key(a) - key(b) || (a < b ? -1 : a > b ? 1 : 0));
}
