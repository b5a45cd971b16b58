import type {
  Cell,
  Counts,
  GroupResult,
  Methods,
  Summary,
  SweepCurve,
} from '../report/summary-schema.js';
import { SUMMARY_SCHEMA_VERSION } from '../report/summary-schema.js';
import { createRng } from '../rng.js';
import { ALIGNMENT_COSTS, TIE_BREAK } from '../scoring/align.js';
import { getNormalizer, type Normalizer } from '../scoring/normalize.js';
import {
  buildCells,
  type CellData,
  type Cluster,
  type ResamplingUnit,
  type StatsRow,
  scoreRows,
} from './aggregate.js';
import { meanUtteranceWer, sumCounts, werOf } from './counts.js';
import { engineDifferences } from './engines.js';
import { holmAdjust } from './holm.js';
import { type InteractionEstimate, interactionModel, MODEL_FORMULA } from './model.js';
import { median, quantiles } from './quantile.js';
import {
  type BootstrapReplicates,
  bootstrapCell,
  type CellArrays,
  type CellStatistics,
  observedStatistics,
  permutationPValues,
} from './resample.js';

export interface StatsOptions {
  /** Label key that defines groups (default `accent`). */
  readonly groupBy?: string;
  /** Text normaliser (default `en-basic`). */
  readonly normalizer?: Normalizer;
  /** Bootstrap resamples (default 1000). */
  readonly resamples?: number;
  /** Permutations per cell; default: max(1000, ⌈10·m/α⌉) for m tests. */
  readonly permutations?: number;
  /** Seed of every resampling stream (default 1). */
  readonly seed?: number | string;
  /** Practical threshold, WER points above the pooled degradation (default 5). */
  readonly excessDegradationPoints?: number;
  /** Family-wise error rate of the Holm-corrected tests; intervals are at 1 − α (default 0.05). */
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
}

export const STATS_DEFAULTS = {
  groupBy: 'accent',
  resamples: 1000,
  seed: 1,
  excessDegradationPoints: 5,
  alpha: 0.05,
  failOn: 'disproportionate',
  minSpeakers: 5,
  minRefWords: 200,
  unit: 'speaker',
  baseline: 'clean',
} as const;

/** Permutations used when none are given: enough that 1/(B+1) sits well below α/m. */
export function autoPermutations(tests: number, alpha: number): number {
  return Math.max(1000, Math.ceil((10 * Math.max(1, tests)) / alpha));
}

interface PreparedCell {
  readonly data: CellData;
  readonly arrays: CellArrays;
  readonly speakersPerGroup: number[];
  readonly wordsPerGroup: number[];
  readonly assessable: boolean[];
  /** True when the cell has ≥ 2 assessable groups and a baseline: its groups are tested. */
  readonly tested: boolean;
}

function prepare(data: CellData, minSpeakers: number, minRefWords: number): PreparedCell {
  const groups = [...data.coverage.keys()].sort();
  const index = new Map(groups.map((g, k) => [g, k]));
  const clusters = data.clusters;
  const n = clusters.length;
  const groupOf = new Int32Array(n);
  const condErrors = new Float64Array(n);
  const condWords = new Float64Array(n);
  const baseErrors = new Float64Array(n);
  const baseWords = new Float64Array(n);
  clusters.forEach((c, i) => {
    groupOf[i] = index.get(c.group)!;
    condErrors[i] = c.condition.errors;
    condWords[i] = c.condition.refWords;
    baseErrors[i] = c.baseline?.errors ?? 0;
    baseWords[i] = c.baseline?.refWords ?? 0;
  });
  const members = groups.map((_, k) => {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (groupOf[i] === k) idx.push(i);
    return Int32Array.from(idx);
  });
  const speakersPerGroup = groups.map(() => 0);
  const wordsPerGroup = groups.map(() => 0);
  for (const s of data.speakers.values()) {
    const k = index.get(s.group)!;
    speakersPerGroup[k]++;
    wordsPerGroup[k] += s.condition.refWords;
  }
  const assessable = groups.map(
    (_, k) =>
      data.hasBaseline && speakersPerGroup[k] >= minSpeakers && wordsPerGroup[k] >= minRefWords,
  );
  const tested = !data.isBaseline && data.hasBaseline && assessable.filter(Boolean).length >= 2;
  return {
    data,
    arrays: {
      groups,
      groupOf,
      condErrors,
      condWords,
      ...(data.isBaseline ? {} : { baseErrors, baseWords }),
      members,
    },
    speakersPerGroup,
    wordsPerGroup,
    assessable,
    tested,
  };
}

const pct = (x: number) => (100 * x).toFixed(1);

/** Scores rows and computes every statistic of summary.json. Deterministic for a given seed. */
export function computeSummary(rows: Iterable<StatsRow>, options: StatsOptions = {}): Summary {
  const groupBy = options.groupBy ?? STATS_DEFAULTS.groupBy;
  const normalizer = options.normalizer ?? getNormalizer('en-basic');
  const resamples = options.resamples ?? STATS_DEFAULTS.resamples;
  const seed = options.seed ?? STATS_DEFAULTS.seed;
  const threshold = options.excessDegradationPoints ?? STATS_DEFAULTS.excessDegradationPoints;
  const alpha = options.alpha ?? STATS_DEFAULTS.alpha;
  const failOn = options.failOn ?? STATS_DEFAULTS.failOn;
  const minSpeakers = options.minSpeakers ?? STATS_DEFAULTS.minSpeakers;
  const minRefWords = options.minRefWords ?? STATS_DEFAULTS.minRefWords;
  const unit = options.unit ?? STATS_DEFAULTS.unit;
  const baseline = options.baseline ?? STATS_DEFAULTS.baseline;
  if (!(resamples >= 1)) throw new RangeError('resamples must be at least 1');
  if (!(alpha > 0 && alpha < 1)) throw new RangeError('alpha must be between 0 and 1');

  const scored = scoreRows(rows, normalizer, groupBy);
  const prepared = buildCells(scored, baseline, unit, options.conditionOrder).map((c) =>
    prepare(c, minSpeakers, minRefWords),
  );
  const tests = prepared.reduce(
    (m, c) => m + (c.tested ? c.assessable.filter(Boolean).length : 0),
    0,
  );
  const permutations = options.permutations ?? autoPermutations(tests, alpha);
  const probs = [alpha / 2, 1 - alpha / 2];
  const stream = (...key: (string | number)[]) => createRng('lastmile/stats', seed, ...key);

  interface Computed {
    readonly cell: PreparedCell;
    readonly observed: CellStatistics;
    readonly boot: BootstrapReplicates;
    readonly p: Float64Array | null;
    readonly models: (InteractionEstimate | null)[];
  }
  const computed: Computed[] = prepared.map((cell) => {
    const { data, arrays } = cell;
    const observed = observedStatistics(arrays, cell.assessable);
    const boot = bootstrapCell(
      arrays,
      resamples,
      stream('bootstrap', data.engine, data.condition),
      cell.assessable,
    );
    const p = cell.tested
      ? permutationPValues(
          arrays,
          permutations,
          stream('permutation', data.engine, data.condition),
          observed.excess,
        )
      : null;
    const models = arrays.groups.map((_, k) => {
      if (!cell.tested || !cell.assessable[k]) return null;
      return interactionModel(
        {
          inGroup: Uint8Array.from(arrays.groupOf, (g) => (g === k ? 1 : 0)),
          baseErrors: arrays.baseErrors!,
          baseWords: arrays.baseWords!,
          condErrors: arrays.condErrors,
          condWords: arrays.condWords,
        },
        alpha,
      );
    });
    return { cell, observed, boot, p, models };
  });

  // Holm over every tested (engine × condition × group) of the run, separately for the
  // permutation tests and for the model's Wald tests.
  const family: { c: number; k: number }[] = [];
  computed.forEach((x, c) => {
    if (!x.p) return;
    x.cell.assessable.forEach((ok, k) => {
      if (ok) family.push({ c, k });
    });
  });
  const holm = holmAdjust(family.map(({ c, k }) => computed[c].p![k]));
  const holmOf = new Map(family.map((f, i) => [`${f.c}/${f.k}`, holm[i]]));
  const modelFamily = family.filter(({ c, k }) => computed[c].models[k]?.p != null);
  const modelHolm = holmAdjust(modelFamily.map(({ c, k }) => computed[c].models[k]!.p!));
  const modelHolmOf = new Map(modelFamily.map((f, i) => [`${f.c}/${f.k}`, modelHolm[i]]));

  const flagged: Summary['flagged'] = [];
  const disagreements: Summary['disagreements'] = [];
  const cells: Cell[] = computed.map((x, c) => {
    const { cell, observed, boot } = x;
    const { data, arrays } = cell;
    const interval = (reps: Float64Array): [number, number] | null => {
      const [lo, hi] = quantiles(reps, probs);
      return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
    };
    const estimate = (value: number, reps: Float64Array) => ({
      value: Number.isFinite(value) ? value : null,
      ci: interval(reps),
    });
    const speakersByGroup = new Map<string, Cluster[]>();
    for (const s of data.speakers.values()) {
      const list = speakersByGroup.get(s.group) ?? [];
      list.push(s);
      speakersByGroup.set(s.group, list);
    }
    const assessableCount = cell.assessable.filter(Boolean).length;
    const groups: GroupResult[] = arrays.groups.map((group, k) => {
      const speakers = (speakersByGroup.get(group) ?? []).sort((a, b) =>
        a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : 0,
      );
      const cov = data.coverage.get(group)!;
      const condition = sumCounts(speakers.map((s) => s.condition));
      const base = data.isBaseline ? null : sumCounts(speakers.map((s) => s.baseline!));
      const speakerWers = speakers
        .map((s) => werOf(s.condition))
        .filter((w): w is number => w !== null)
        .sort((a, b) => a - b);
      const key = `${c}/${k}`;
      const pHolm = holmOf.get(key);
      const test =
        x.p && pHolm !== undefined ? { p: x.p[k], pHolm, rejected: pHolm <= alpha } : null;
      const est = x.models[k];
      const mHolm = modelHolmOf.get(key) ?? null;
      const model = est
        ? {
            ratio: est.ratio,
            ci: est.ci,
            p: est.p,
            pHolm: mHolm,
            rejected: mHolm !== null && mHolm <= alpha,
            note: est.note,
          }
        : null;
      const hasDeg = !data.isBaseline && data.hasBaseline && condition.refWords > 0;
      const excessValue = observed.excess[k];
      let verdict: GroupResult['verdict'] = 'insufficient data';
      let reason: string;
      if (data.isBaseline) {
        verdict = 'baseline';
        reason = 'baseline condition: WER only';
      } else if (!data.hasBaseline) {
        reason = `no "${baseline}" baseline for engine ${data.engine}: degradation cannot be measured`;
      } else if (!cell.assessable[k]) {
        const short: string[] = [];
        if (cell.speakersPerGroup[k] < minSpeakers) {
          short.push(`${cell.speakersPerGroup[k]} speakers (need ${minSpeakers})`);
        }
        if (cell.wordsPerGroup[k] < minRefWords) {
          short.push(`${cell.wordsPerGroup[k]} reference words (need ${minRefWords})`);
        }
        reason = `too little data: ${short.join(', ')}`;
      } else if (assessableCount < 2) {
        reason = 'no other group with enough data to compare against';
      } else if (test?.rejected && excessValue * 100 >= threshold) {
        verdict = 'disproportionate';
        reason = `excess +${pct(excessValue)} points ≥ ${threshold}, Holm p = ${fmtP(test.pHolm)} ≤ ${alpha}`;
        flagged.push({
          engine: data.engine,
          condition: data.condition,
          group,
          excess: excessValue,
          pHolm: test.pHolm,
        });
      } else if (test?.rejected) {
        verdict = 'not disproportionate';
        reason = `significant (Holm p = ${fmtP(test.pHolm)}) but excess ${signed(excessValue)} points is below the ${threshold}-point threshold`;
      } else {
        verdict = 'not disproportionate';
        reason = `excess ${signed(excessValue)} points, not significant (Holm p = ${fmtP(test?.pHolm ?? 1)} > ${alpha})`;
      }
      const incomplete = cov.errored > 0 || cov.baselineMissing > 0;
      if (incomplete) {
        reason += `; coverage incomplete: ${cov.scored} of ${cov.units} units scored (${cov.errored} errored, ${cov.baselineMissing} without a baseline)`;
      }
      if (test && model && model.p !== null && test.rejected !== model.rejected) {
        const note = test.rejected
          ? `the permutation test finds an excess of ${signed(excessValue)} points (Holm p = ${fmtP(test.pHolm)}) but the Poisson model's ratio ${model.ratio!.toFixed(2)} is not significant (Holm p = ${fmtP(model.pHolm ?? 1)}): the extra loss is additive more than multiplicative, or driven by few speakers`
          : `the Poisson model finds WER growing ${model.ratio!.toFixed(2)}× as fast as in other groups (Holm p = ${fmtP(model.pHolm ?? 1)}) but the permutation test on the additive excess does not (Holm p = ${fmtP(test.pHolm)}): a low baseline WER can grow by a large factor while losing few points`;
        disagreements.push({ engine: data.engine, condition: data.condition, group, note });
      }
      return {
        group,
        speakers: cell.speakersPerGroup[k],
        coverage: {
          units: cov.units,
          errored: cov.errored,
          baselineMissing: cov.baselineMissing,
          scored: cov.scored,
          complete: !incomplete,
        },
        baseline: base,
        condition,
        wer: estimate(observed.wer[k], boot.wer[k]),
        baselineWer: data.isBaseline ? null : estimate(observed.baseWer[k], boot.baseWer[k]),
        meanUtteranceWer: {
          baseline: base ? meanUtteranceWer(base) : null,
          condition: meanUtteranceWer(condition),
        },
        speakerWer: {
          min: speakerWers[0] ?? null,
          median: median(speakerWers),
          max: speakerWers.at(-1) ?? null,
        },
        degradation: hasDeg ? estimate(observed.degradation[k], boot.degradation[k]) : null,
        relativeDegradation:
          hasDeg && observed.baseWer[k] > 0 ? observed.degradation[k] / observed.baseWer[k] : null,
        excess: hasDeg ? estimate(excessValue, boot.excess[k]) : null,
        gapToBest:
          hasDeg && cell.assessable[k] && assessableCount >= 2
            ? estimate(observed.gap[k], boot.gap[k])
            : null,
        test,
        model,
        verdict,
        reason,
        perSpeaker: speakers.map((s) => ({
          speaker: s.speaker,
          baseline: s.baseline,
          condition: s.condition,
        })),
      };
    });
    const allSpeakers = [...data.speakers.values()];
    const pooledCond = sumCounts(allSpeakers.map((s) => s.condition));
    const pooledBase = data.isBaseline ? null : sumCounts(allSpeakers.map((s) => s.baseline!));
    const covAll = [...data.coverage.values()].reduce(
      (t, v) => ({
        units: t.units + v.units,
        errored: t.errored + v.errored,
        baselineMissing: t.baselineMissing + v.baselineMissing,
        scored: t.scored + v.scored,
      }),
      { units: 0, errored: 0, baselineMissing: 0, scored: 0 },
    );
    const wPooled = werOf(pooledCond);
    const bPooled = pooledBase ? werOf(pooledBase) : null;
    return {
      engine: data.engine,
      condition: data.condition,
      isBaseline: data.isBaseline,
      sweep: scored.sweeps.get(data.condition) ?? null,
      pooled: {
        speakers: allSpeakers.length,
        coverage: { ...covAll, complete: covAll.scored === covAll.units },
        baseline: pooledBase,
        condition: pooledCond,
        wer: wPooled,
        baselineWer: bPooled,
        degradation: wPooled !== null && bPooled !== null ? wPooled - bPooled : null,
      },
      groups,
    };
  });

  const failed = failOn === 'disproportionate' && flagged.length > 0;
  const allGroups = [...new Set(prepared.flatMap((p) => p.arrays.groups))].sort();
  const methods: Methods = {
    normalizer: {
      id: normalizer.id,
      description: normalizer.description,
      fillers: [...normalizer.fillers],
    },
    alignment: {
      costs: {
        substitution: ALIGNMENT_COSTS.substitution,
        insertion: ALIGNMENT_COSTS.insertion,
        deletion: ALIGNMENT_COSTS.deletion,
      },
      tieBreak: TIE_BREAK,
      agreesWith: 'NIST sclite (SCTK) C/S/D/I per utterance, checked in the test suite',
    },
    wer: 'corpus WER = (S + D + I) / reference words, counts summed over utterances; mean per-utterance WER and per-speaker WER reported beside it; empty references add insertions only',
    groupBy,
    baseline,
    pairing: `a clip counts under a condition only if its "${baseline}" unit (same engine) was also scored; errored units are excluded from numerators and denominators and counted in coverage`,
    degradation:
      'WER(condition) − WER(baseline) on the paired clips; relative degradation = degradation / WER(baseline)',
    excess:
      'degradation of the group − pooled degradation of all groups (gap to best = degradation − smallest degradation among assessable groups)',
    bootstrap: {
      unit,
      stratifiedBy: 'group',
      resamples,
      interval: 'percentile',
      level: 1 - alpha,
      seed,
    },
    permutation: {
      unit,
      permutations,
      rule:
        options.permutations === undefined
          ? 'max(1000, ⌈10·m/α⌉) so that the smallest attainable p-value is far below Holm’s strictest level α/m'
          : 'set by the user',
      statistic:
        'excess degradation of the group, group labels permuted across speakers within engine × condition',
      alternative: 'greater',
      pValue: '(1 + #{permuted ≥ observed}) / (1 + permutations)',
    },
    multipleTesting: {
      method: 'holm',
      family:
        'every assessable engine × condition × group of this summary (the model’s tests are corrected separately over the same family)',
      tests,
    },
    thresholds: {
      excessDegradationPoints: threshold,
      alpha,
      failOn,
      source: options.thresholdsSource ?? 'defaults',
    },
    insufficientData: {
      minSpeakers,
      minRefWords,
      rule: 'a group gets a verdict in a cell only with at least minSpeakers speakers and minRefWords paired reference words, and when at least one other group in the cell also has',
    },
    verdict: `disproportionate = Holm-adjusted permutation p ≤ α and excess ≥ ${threshold} WER points (point estimate)`,
    model: {
      family: 'Poisson GLM, log link, fitted by IRLS',
      formula: MODEL_FORMULA,
      standardErrors:
        'cluster-robust sandwich by speaker, with the G/(G − 1) small-sample factor; Wald intervals at 1 − α. With few speakers (≈ 10 per group) sandwich Wald tests run somewhat anti-conservative, which is why the verdict rests on the permutation test and the model is reported beside it',
      test: 'one-sided Wald z-test of the interaction > 0, Holm-corrected',
      disagreement:
        'reported when the Holm-corrected permutation test and the Holm-corrected model test reach different decisions',
    },
    engineComparison:
      'WER(engine A) − WER(engine B) on clips scored for both, per group and overall; speaker bootstrap stratified by group, percentile intervals at 1 − α',
  };
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    tool: { name: 'lastmile', version: options.toolVersion ?? '0.0.0' },
    input: {
      rows: scored.rows,
      duplicateUnits: scored.duplicates,
      errored: scored.errored,
      engines: [...scored.units.keys()],
      conditions: [...new Set([...scored.units.values()].flatMap((m) => [...m.keys()]))],
      groups: allGroups,
    },
    methods,
    cells,
    sweeps: sweepCurves(cells),
    engineDifferences: engineDifferences(scored, resamples, alpha, (a, b, condition) =>
      stream('engines', a, b, condition),
    ),
    flagged,
    disagreements,
    outcome: {
      failed,
      reason: failed
        ? `${flagged.length} group${flagged.length === 1 ? '' : 's'} disproportionate (failOn: disproportionate)`
        : flagged.length > 0
          ? `${flagged.length} flagged, but failOn is "never"`
          : 'no group disproportionate',
    },
  };
}

function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${pct(x)}`;
}

/** Per-group WER curves over each swept condition family. */
function sweepCurves(cells: readonly Cell[]): SweepCurve[] {
  const families = new Map<string, Cell[]>();
  for (const cell of cells) {
    if (!cell.sweep) continue;
    const key = `${cell.engine}\u0000${cell.sweep.base}`;
    const list = families.get(key) ?? [];
    list.push(cell);
    families.set(key, list);
  }
  const curves: SweepCurve[] = [];
  for (const list of families.values()) {
    const parameters = [...new Set(list.flatMap((c) => Object.keys(c.sweep!.values)))].sort();
    const sorted = [...list].sort((a, b) =>
      compareValues(a.sweep!.values, b.sweep!.values, parameters),
    );
    const groups = [...new Set(sorted.flatMap((c) => c.groups.map((g) => g.group)))].sort();
    curves.push({
      engine: list[0].engine,
      base: list[0].sweep!.base,
      parameters,
      groups: groups.map((group) => ({
        group,
        points: sorted.flatMap((c) => {
          const g = c.groups.find((x) => x.group === group);
          if (!g) return [];
          return [
            {
              condition: c.condition,
              values: c.sweep!.values,
              wer: g.wer,
              degradation: g.degradation,
            },
          ];
        }),
      })),
    });
  }
  return curves;
}

function compareValues(
  a: Readonly<Record<string, number | string>>,
  b: Readonly<Record<string, number | string>>,
  keys: readonly string[],
): number {
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export type { Counts };
