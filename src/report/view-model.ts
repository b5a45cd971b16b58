import type { SlicesResult } from '../slices/find-slices.js';
import type { Summary } from '../stats/summary-schema.js';
import { type AnatomyView, anatomyView } from './anatomy-view.js';
import { type SlicesView, slicesViewOf } from './slices-view.js';

/**
 * What every report shows, derived from summary.json in this one file: HTML, Markdown, JUnit
 * and gates read a `ReportView`, never the summary itself, so a new summary schema is
 * adapted here alone.
 */

/** The verdict words a reader sees (the statistics' three verdicts, plus the two non-tests). */
export type VerdictWord =
  | 'disproportionate'
  | 'within tolerance'
  | 'inconclusive'
  | 'insufficient data'
  | 'baseline';

export interface Estimate {
  /** Fraction (0.05 = 5 %), null when not estimable. */
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
}

/** One (engine, condition, group) cell. */
export interface GroupCell {
  readonly engine: string;
  readonly condition: string;
  readonly group: string;
  readonly isBaseline: boolean;
  readonly speakers: number;
  readonly refWords: number;
  readonly units: number;
  /** Units whose engine call failed: missing data, never scored. */
  readonly errored: number;
  readonly baselineMissing: number;
  readonly scored: number;
  readonly wer: Estimate;
  readonly baselineWer: Estimate | null;
  readonly degradation: Estimate | null;
  readonly excess: Estimate | null;
  /** Multiplicity-corrected p-value of the excess test; null when not tested. */
  readonly pAdjusted: number | null;
  readonly verdict: VerdictWord;
  readonly reason: string;
  /** Smallest excess this cell could detect with 80 % power (fraction), shown with `inconclusive`. */
  readonly minimumDetectableExcess: number | null;
}

export interface ConditionView {
  readonly name: string;
  readonly isBaseline: boolean;
  readonly sweep: {
    readonly base: string;
    readonly values: Record<string, number | string>;
  } | null;
}

export interface SweepView {
  readonly engine: string;
  readonly base: string;
  readonly parameter: string;
  readonly points: readonly {
    readonly group: string;
    readonly condition: string;
    readonly x: number;
    readonly wer: Estimate;
  }[];
}

/** excess(engine A) − excess(engine B) on the same clips: which engine treats a group worse. */
export interface EngineDiffView {
  readonly engineA: string;
  readonly engineB: string;
  readonly condition: string;
  readonly group: string;
  readonly clips: number;
  readonly difference: Estimate;
}

export interface ReportView {
  readonly summarySchemaVersion: number;
  readonly toolVersion: string;
  readonly groupBy: string;
  readonly engines: readonly string[];
  readonly groups: readonly string[];
  readonly conditions: readonly ConditionView[];
  readonly cells: readonly GroupCell[];
  readonly sweeps: readonly SweepView[];
  readonly engineDifferences: readonly EngineDiffView[];
  readonly thresholds: { readonly excessPoints: number; readonly alpha: number };
  readonly intervalLevel: number;
  readonly input: { readonly rows: number; readonly errored: number };
  /** The statistics' methods, verbatim, for the "how" section a statistician checks. */
  readonly methods: Readonly<Record<string, unknown>>;
  readonly normalizer: { readonly id: string; readonly description: string };
  /** From slices.json, when `lastmile slices` was run on the folder. */
  readonly slices?: SlicesView;
  /** Substitution, deletion, insertion and keyword error rates with verdicts; hallucinations. */
  readonly anatomy: AnatomyView;
}

/** Builds the report's view of a summary (summary.json schema version 3). */
export function buildReportView(summary: Summary, slices?: SlicesResult): ReportView {
  const m = summary.methods;
  const cells: GroupCell[] = [];
  for (const cell of summary.cells) {
    for (const g of cell.groups) {
      const estimate = (e: { value: number | null; ci: [number, number] | null } | null) =>
        e ? { value: e.value, ci: e.ci } : null;
      cells.push({
        engine: cell.engine,
        condition: cell.condition,
        group: g.group,
        isBaseline: cell.isBaseline,
        speakers: g.speakers,
        refWords: g.condition.refWords,
        units: g.coverage.units,
        errored: g.coverage.errored,
        baselineMissing: g.coverage.baselineMissing,
        scored: g.coverage.scored,
        wer: { value: g.wer.value, ci: g.wer.ci },
        baselineWer: estimate(g.baselineWer),
        degradation: estimate(g.degradation),
        excess: estimate(g.excess),
        pAdjusted: g.test?.pAdjusted ?? null,
        verdict: g.verdict,
        reason: g.reason,
        minimumDetectableExcess: g.power?.mde ?? null,
      });
    }
  }
  return {
    summarySchemaVersion: summary.schemaVersion,
    toolVersion: summary.tool.version,
    groupBy: m.groupBy,
    engines: summary.input.engines,
    groups: summary.input.groups,
    conditions: conditionsOf(summary),
    cells,
    sweeps: sweepsOf(summary),
    engineDifferences: summary.disparityDifferences.map((d) => ({
      engineA: d.engineA,
      engineB: d.engineB,
      condition: d.condition,
      group: d.group,
      clips: d.clips,
      difference: { value: d.difference.value, ci: d.difference.ci },
    })),
    thresholds: {
      excessPoints: m.thresholds.excessDegradationPoints,
      alpha: m.thresholds.alpha,
    },
    intervalLevel: m.interval.level,
    input: { rows: summary.input.rows, errored: summary.input.errored },
    methods: m as unknown as Record<string, unknown>,
    normalizer: { id: m.normalizer.id, description: m.normalizer.description },
    ...(slices && { slices: slicesViewOf(slices) }),
    anatomy: anatomyView(summary),
  };
}

export function signedPoints(x: number): string {
  return `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
}

function conditionsOf(summary: Summary): ConditionView[] {
  const seen = new Map<string, ConditionView>();
  for (const order of summary.input.conditions) {
    const cell = summary.cells.find((c) => c.condition === order);
    seen.set(order, {
      name: order,
      isBaseline: cell?.isBaseline ?? order === 'clean',
      sweep: cell?.sweep ? { base: cell.sweep.base, values: { ...cell.sweep.values } } : null,
    });
  }
  return [...seen.values()];
}

function sweepsOf(summary: Summary): SweepView[] {
  const out: SweepView[] = [];
  for (const curve of summary.sweeps) {
    for (const parameter of curve.parameters) {
      const points: SweepView['points'][number][] = [];
      for (const g of curve.groups) {
        for (const p of g.points) {
          const x = Number(p.values[parameter]);
          if (Number.isFinite(x))
            points.push({ group: g.group, condition: p.condition, x, wer: p.wer });
        }
      }
      out.push({ engine: curve.engine, base: curve.base, parameter, points });
    }
  }
  return out;
}

/** Cells that are tested (not the baseline), worst excess first. */
export function rankedCells(view: ReportView): GroupCell[] {
  const rank: Record<VerdictWord, number> = {
    disproportionate: 0,
    inconclusive: 1,
    'within tolerance': 2,
    'insufficient data': 3,
    baseline: 4,
  };
  return view.cells
    .filter((c) => !c.isBaseline)
    .sort(
      (a, b) =>
        rank[a.verdict] - rank[b.verdict] ||
        (b.excess?.value ?? Number.NEGATIVE_INFINITY) -
          (a.excess?.value ?? Number.NEGATIVE_INFINITY),
    );
}
