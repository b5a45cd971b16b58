import { DEFAULT_GROUP_BY, DEFAULT_MINIMUM, DEFAULT_THRESHOLDS } from '../results/defaults.js';
import { createRng } from '../rng.js';
import { type KeywordList, KeywordMatcher } from '../scoring/keywords.js';
import { getNormalizer, type Normalizer } from '../scoring/normalize.js';
import {
  buildCells,
  type ResamplingUnit,
  type Scored,
  type StatsRow,
  scoreRows,
} from './aggregate.js';
import { computeAnatomy } from './anatomy.js';
import { type CellUnits, cellUnits, indexUnits } from './cell-units.js';
import { sumCounts, werOf } from './counts.js';
import { disagreementNote } from './disagreement.js';
import { disparityDifferences, engineDifferences } from './engines.js';
import { cleanGapByGroup, excessByGroup, ownRatios } from './excess.js';
import { type CellFigures, groupResult, type Settings } from './group-result.js';
import { holmAdjust } from './holm.js';
import { intersectionsOf } from './intersections.js';
import { estimateWithInterval } from './interval.js';
import { methodsText } from './methods-text.js';
import { countVerdicts, outcomeOf } from './outcome.js';
import {
  type FamilyResult,
  permutationFamily,
  type TestSpec,
  type TrendSpec,
} from './permutation-test.js';
import { interactionModel } from './ratio-of-ratios.js';
import type { Cell, Summary, Trend } from './summary-schema.js';
import { SUMMARY_SCHEMA_VERSION } from './summary-schema.js';
import { sweepCurves, sweepFamilies, trendKey } from './sweeps.js';

export interface StatsOptions {
  /** Label key that defines groups (default `accent`). */
  readonly groupBy?: string;
  /** Text normaliser (default `en-basic`). */
  readonly normalizer?: Normalizer;
  /** Permutations; default adaptive (2,000 doubled near the decision boundary, ≤ 64,000). */
  readonly permutations?: number;
  /** Family-wise correction of the excess tests (default max-T step-down). */
  readonly multipleTesting?: 'maxT' | 'holm';
  /** Seed of the permutation stream (default 1). */
  readonly seed?: number | string;
  /** Practical threshold, WER points of excess over the rest (default 5). */
  readonly excessDegradationPoints?: number;
  /** Family-wise error rate; intervals are at 1 − α (default 0.05). */
  readonly alpha?: number;
  readonly failOn?: 'disproportionate' | 'never';
  /** Where the thresholds came from, stated in summary.json. */
  readonly thresholdsSource?: string;
  /** Minimum speakers per group and cell for a verdict (default 5). */
  readonly minSpeakers?: number;
  /** Minimum paired reference words per group and cell for a verdict (default 200). */
  readonly minRefWords?: number;
  /** Resampling unit: `speaker` (default) or `utterance` (naive; for comparison only). */
  readonly unit?: ResamplingUnit;
  /** Baseline condition name (default `clean`). */
  readonly baseline?: string;
  /** Display order of conditions (run.json's plan); others follow by name. */
  readonly conditionOrder?: readonly string[];
  readonly toolVersion?: string;
  /** Terms whose keyword error rate is tested per group (a suite's or scenario's list). */
  readonly keywords?: KeywordList;
}

export const STATS_DEFAULTS = {
  groupBy: DEFAULT_GROUP_BY,
  seed: 1,
  excessDegradationPoints: DEFAULT_THRESHOLDS.excessDegradation,
  alpha: DEFAULT_THRESHOLDS.alpha,
  failOn: DEFAULT_THRESHOLDS.failOn,
  minSpeakers: DEFAULT_MINIMUM.speakers,
  minRefWords: DEFAULT_MINIMUM.refWords,
  unit: 'speaker',
  baseline: 'clean',
  multipleTesting: 'maxT',
} as const;

type Sweeps = ReadonlyMap<string, NonNullable<StatsRow['sweep']>>;

type Optional = 'permutations' | 'toolVersion' | 'conditionOrder' | 'keywords';
type Resolved = Required<Omit<StatsOptions, Optional>> & Pick<StatsOptions, Optional>;

function resolve(o: StatsOptions): Resolved {
  const r: Resolved = {
    ...STATS_DEFAULTS,
    normalizer: getNormalizer('en-basic'),
    thresholdsSource: 'defaults',
    ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)),
  };
  if (!(r.alpha > 0 && r.alpha < 1)) throw new RangeError('alpha must be between 0 and 1');
  if (r.permutations !== undefined && !(r.permutations >= 1)) {
    throw new RangeError('permutations must be at least 1');
  }
  return r;
}

/** Scores rows and computes every statistic of summary.json. Deterministic for a given seed. */
export function computeSummary(rows: Iterable<StatsRow>, options: StatsOptions = {}): Summary {
  const o = resolve(options);
  const matcher = keywordMatcher(o);
  return summarize(scoreRows(rows, o.normalizer, o.groupBy, matcher), o, matcher);
}

/**
 * computeSummary over rows already scored (a streaming tally, src/run/tally.ts), scored with
 * `options.normalizer` and `options.keywords` and grouped by `options.groupBy`; the rows in
 * unit-key order.
 */
export function computeSummaryOfScored(scored: Scored, options: StatsOptions = {}): Summary {
  const o = resolve(options);
  return summarize(scored, o, keywordMatcher(o));
}

function keywordMatcher(o: Resolved): KeywordMatcher | undefined {
  return o.keywords ? new KeywordMatcher(o.keywords, o.normalizer) : undefined;
}

function summarize(scored: Scored, o: Resolved, matcher: KeywordMatcher | undefined): Summary {
  const data = buildCells(scored, o.baseline, o.unit, o.conditionOrder);
  const index = indexUnits(data);
  const cells = data.map((d) => cellUnits(d, index, o.minSpeakers, o.minRefWords));
  const { tests, trends } = familyOf(cells, scored.sweeps);
  const family = permutationFamily(
    { cells, unitGroup: index.unitGroup, groupCount: index.groups.size, tests, trends },
    {
      alpha: o.alpha,
      rng: createRng('lastmile/stats', o.seed, 'permutation'),
      method: o.multipleTesting,
      ...(o.permutations !== undefined ? { permutations: o.permutations } : {}),
    },
  );
  const figures = cellFigures(cells, tests, family, o.alpha);
  const settings: Settings = {
    alpha: o.alpha,
    threshold: o.excessDegradationPoints,
    minSpeakers: o.minSpeakers,
    minRefWords: o.minRefWords,
    baseline: o.baseline,
    criticalP: family.criticalP,
  };
  const outCells = figures.map((f) => cellResult(f, settings, scored.sweeps));
  const verdicts = countVerdicts(outCells);
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    tool: { name: 'lastmile', version: o.toolVersion ?? '0.0.0' },
    input: {
      rows: scored.rows,
      duplicateUnits: scored.duplicates,
      errored: scored.errored,
      engines: [...scored.units.keys()],
      conditions: [...new Set([...scored.units.values()].flatMap((m) => [...m.keys()]))],
      groups: [...index.groups.keys()],
    },
    methods: methodsText({
      ...o,
      permutations: family.permutations,
      permutationsFixed: o.permutations !== undefined,
      method: o.multipleTesting,
      tests: tests.length,
      threshold: o.excessDegradationPoints,
    }),
    cells: outCells,
    sweeps: sweepCurves(outCells, trendResults(cells, trends, family, o.alpha, scored.sweeps)),
    engineDifferences: engineDifferences(scored, o.alpha),
    disparityDifferences: disparityDifferences(scored, o.baseline, o.alpha),
    verdicts,
    flagged: flaggedOf(outCells),
    disagreements: disagreementsOf(outCells),
    ...intersectionsField(cells, o.groupBy, o.alpha),
    anatomy: computeAnatomy(data, index, scored, {
      alpha: o.alpha,
      threshold: o.excessDegradationPoints,
      minSpeakers: o.minSpeakers,
      minRefWords: o.minRefWords,
      baseline: o.baseline,
      seed: o.seed,
      method: o.multipleTesting,
      ...(o.permutations !== undefined && { permutations: o.permutations }),
      ...(matcher &&
        o.keywords && {
          keywords: { matcher, source: o.keywords.source, terms: o.keywords.terms.length },
        }),
    }),
    outcome: outcomeOf(outCells, verdicts, o.excessDegradationPoints, o.failOn),
  };
}

/** Tests: every assessable group of every tested cell; trends: groups tested at every sweep point. */
function familyOf(
  cells: readonly CellUnits[],
  sweeps: Sweeps,
): { tests: TestSpec[]; trends: TrendSpec[] } {
  const tests: TestSpec[] = [];
  cells.forEach((c, i) => {
    if (!c.tested) return;
    c.assessable.forEach((ok, k) => {
      if (ok) tests.push({ cell: i, group: c.globalGroup[k] });
    });
  });
  const trends: TrendSpec[] = [];
  const indexed = cells.map((c, i) => ({
    engine: c.data.engine,
    sweep: sweeps.get(c.data.condition) ?? null,
    i,
    c,
  }));
  for (const points of sweepFamilies(indexed).values()) {
    if (points.length < 2 || !points.every((p) => p.c.tested)) continue;
    const groups = new Set(points[0].c.globalGroup);
    for (const g of groups) {
      const everywhere = points.every((p) => {
        const k = p.c.globalGroup.indexOf(g);
        return k >= 0 && p.c.assessable[k];
      });
      if (everywhere) trends.push({ cells: points.map((p) => p.i), group: g });
    }
  }
  return { tests, trends };
}

function cellFigures(
  cells: readonly CellUnits[],
  tests: readonly TestSpec[],
  family: FamilyResult,
  alpha: number,
): CellFigures[] {
  const testOf = new Map(tests.map((t, j) => [`${t.cell}/${t.group}`, family.tests[j]]));
  const raw = cells.map((cell, c) => {
    const words = (i: number) => cell.words[i];
    const degradation = ownRatios(cell, (i) => cell.condErrors[i] - cell.baseErrors[i]);
    const assessableDeg = degradation.filter((_, k) => cell.assessable[k]).map((d) => d.value);
    const total = { d: 0, w: 0 };
    for (let i = 0; i < cell.unit.length; i++) {
      total.d += cell.condErrors[i] - cell.baseErrors[i];
      total.w += cell.words[i];
    }
    const models = cell.groups.map((_, k) =>
      cell.tested && cell.assessable[k]
        ? interactionModel(
            {
              inGroup: Uint8Array.from(cell.groupOf, (g) => (g === k ? 1 : 0)),
              baseErrors: cell.baseErrors,
              baseWords: cell.words,
              condErrors: cell.condErrors,
              condWords: cell.words,
            },
            alpha,
          )
        : null,
    );
    return {
      cell,
      excess: excessByGroup(cell),
      cleanGap: cleanGapByGroup(cell),
      wer: ownRatios(cell, (i) => cell.condErrors[i], words),
      baseWer: ownRatios(cell, (i) => cell.baseErrors[i], words),
      degradation,
      relative: ownRatios(
        cell,
        (i) => cell.condErrors[i] - cell.baseErrors[i],
        (i) => cell.baseErrors[i],
      ),
      pooledDegradation: total.d / total.w,
      bestDegradation: Math.min(...assessableDeg),
      tests: cell.groups.map((_, k) => testOf.get(`${c}/${cell.globalGroup[k]}`) ?? null),
      models,
      modelHolm: models.map(() => null as number | null),
    };
  });
  // Holm over the model's tests of the same family.
  const flat = raw.flatMap((f, c) => f.models.map((m, k) => ({ c, k, p: m?.p ?? null })));
  const withP = flat.filter((x) => x.p !== null);
  const adjusted = holmAdjust(withP.map((x) => x.p!));
  withP.forEach((x, i) => {
    raw[x.c].modelHolm[x.k] = adjusted[i];
  });
  return raw;
}

function cellResult(f: CellFigures, settings: Settings, sweeps: Sweeps): Cell {
  const { data } = f.cell;
  const all = [...data.speakers.values()];
  const pooledCond = sumCounts(all.map((s) => s.condition));
  const pooledBase = data.isBaseline ? null : sumCounts(all.map((s) => s.baseline!));
  const cov = { units: 0, errored: 0, baselineMissing: 0, scored: 0 };
  for (const v of data.coverage.values()) {
    cov.units += v.units;
    cov.errored += v.errored;
    cov.baselineMissing += v.baselineMissing;
    cov.scored += v.scored;
  }
  const w = werOf(pooledCond);
  const b = pooledBase ? werOf(pooledBase) : null;
  return {
    engine: data.engine,
    condition: data.condition,
    isBaseline: data.isBaseline,
    sweep: sweeps.get(data.condition) ?? null,
    pooled: {
      speakers: all.length,
      coverage: { ...cov, complete: cov.scored === cov.units },
      baseline: pooledBase,
      condition: pooledCond,
      wer: w,
      baselineWer: b,
      degradation: w !== null && b !== null ? w - b : null,
    },
    groups: f.cell.groups.map((_, k) => groupResult(f, k, settings)),
  };
}

function trendResults(
  cells: readonly CellUnits[],
  trends: readonly TrendSpec[],
  family: FamilyResult,
  alpha: number,
  sweeps: Sweeps,
): Map<string, Trend> {
  const out = new Map<string, Trend>();
  trends.forEach((spec, j) => {
    const first = cells[spec.cells[0]];
    const k = first.globalGroup.indexOf(spec.group);
    const sweep = sweeps.get(first.data.condition);
    if (!sweep) return;
    const r = family.trends[j];
    out.set(trendKey(first.data.engine, sweep.base, first.groups[k]), {
      slope: estimateWithInterval(r.slope, r.se, r.df, alpha),
      test: {
        statistic: r.statistic,
        df: r.df,
        p: r.p,
        pAdjusted: r.pAdjusted,
        rejected: r.pAdjusted <= alpha,
      },
      points: spec.cells.length,
    });
  });
  return out;
}

function flaggedOf(cells: readonly Cell[]): Summary['flagged'] {
  return cells.flatMap((c) =>
    c.groups
      .filter((g) => g.verdict === 'disproportionate')
      .map((g) => ({
        engine: c.engine,
        condition: c.condition,
        group: g.group,
        excess: g.excess!.value!,
        pAdjusted: g.test!.pAdjusted,
      })),
  );
}

function disagreementsOf(cells: readonly Cell[]): Summary['disagreements'] {
  return cells.flatMap((c) =>
    c.groups.flatMap((g) => {
      const { test, model } = g;
      if (!test || !model || model.p === null || model.ratio === null) return [];
      if (test.rejected === model.rejected) return [];
      const note = disagreementNote(
        g.excess?.value ?? 0,
        test.pAdjusted,
        test.rejected,
        model.ratio,
        model.pHolm ?? 1,
      );
      return [{ engine: c.engine, condition: c.condition, group: g.group, note }];
    }),
  );
}

function intersectionsField(cells: readonly CellUnits[], groupBy: string, alpha: number) {
  const intersections = intersectionsOf(cells, groupBy, alpha);
  return intersections ? { intersections } : {};
}

export type { Counts } from './summary-schema.js';
