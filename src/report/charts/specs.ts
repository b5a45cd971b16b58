import type { TopLevelSpec } from 'vega-lite';
import type { GroupCell, ReportView, SweepView } from '../view-model.js';

/**
 * The report's charts as declarative Vega-Lite specs over the view model; render.ts compiles
 * and renders them to SVG. Every value is in percent or WER points, as the text around them.
 */

export interface ChartSpec {
  /** Stable id (used for the figure's anchor and in tests). */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, in a sentence: the figure caption and the SVG's aria-label. */
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

const VERDICT_COLORS = {
  domain: ['disproportionate', 'inconclusive', 'within tolerance', 'insufficient data'],
  range: ['#c0392b', '#d68910', '#1e8449', '#95a5a6'],
};

const points = (x: number | null | undefined) => (x == null ? null : Math.round(1000 * x) / 10);

const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  config: {
    font: 'Helvetica, Arial, sans-serif',
    view: { stroke: null },
    axis: { labelLimit: 400, titleFontWeight: 'normal' as const },
    legend: { labelLimit: 400 },
  },
};

/** Heatmap of excess degradation: group × condition, one per engine. */
export function heatmapSpec(view: ReportView, engine: string): ChartSpec {
  const order = view.conditions.filter((c) => !c.isBaseline).map((c) => c.name);
  const values = view.cells
    .filter((c) => c.engine === engine && !c.isBaseline)
    .map((c) => ({
      condition: c.condition,
      group: c.group,
      excess: points(c.excess?.value),
      label:
        c.excess?.value == null
          ? 'n/a'
          : `${c.verdict === 'disproportionate' ? '▲ ' : ''}${signed(c.excess.value)}`,
      verdict: c.verdict,
    }));
  const extent = Math.max(
    view.thresholds.excessPoints * 2,
    ...values.map((v) => Math.abs(v.excess ?? 0)),
  );
  return {
    id: `heatmap-${slug(engine)}`,
    title: `Excess degradation by group and condition — ${engine}`,
    caption: `Excess degradation in WER points (a group's degradation minus the other groups' pooled degradation) for ${engine}; ▲ marks a disproportionate verdict, n/a a cell without enough data.`,
    spec: {
      ...base,
      description: `Heatmap of excess degradation for ${engine}`,
      data: { values },
      width: Math.max(160, 90 * order.length),
      height: { step: 34 },
      encoding: {
        x: {
          field: 'condition',
          type: 'nominal',
          sort: order,
          title: 'condition',
          axis: { labelAngle: -30 },
        },
        y: { field: 'group', type: 'nominal', sort: view.groups as string[], title: null },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
          encoding: {
            color: {
              field: 'excess',
              type: 'quantitative',
              title: 'excess (pts)',
              scale: { scheme: 'redblue', reverse: true, domain: [-extent, extent], domainMid: 0 },
              condition: { test: 'datum.excess === null', value: '#e5e7e9' },
            },
          },
        },
        {
          mark: { type: 'text', fontSize: 12 },
          encoding: {
            text: { field: 'label' },
            color: {
              condition: { test: `abs(datum.excess) > ${extent * 0.6}`, value: 'white' },
              value: 'black',
            },
          },
        },
      ],
    } as TopLevelSpec,
  };
}

/** Forest plot: each group's excess with its interval, the tolerance line and zero. */
export function forestSpec(view: ReportView, engine: string): ChartSpec {
  const order = view.conditions.filter((c) => !c.isBaseline).map((c) => c.name);
  const rows = view.cells
    .filter((c) => c.engine === engine && !c.isBaseline && c.excess?.value != null)
    .sort(
      (a, b) =>
        order.indexOf(a.condition) - order.indexOf(b.condition) || a.group.localeCompare(b.group),
    );
  const values = rows.map((c) => ({
    row: `${c.condition} · ${c.group}`,
    excess: points(c.excess?.value),
    lo: points(c.excess?.ci?.[0]),
    hi: points(c.excess?.ci?.[1]),
    verdict: c.verdict,
  }));
  const level = Math.round(view.intervalLevel * 100);
  return {
    id: `forest-${slug(engine)}`,
    title: `Excess degradation with ${level} % intervals — ${engine}`,
    caption: `Each row is a group under a condition: the dot is its excess degradation, the bar its ${level} % interval; the dashed line is the tolerance (${view.thresholds.excessPoints} points), the grey line zero.`,
    spec: {
      ...base,
      description: `Forest plot of excess degradation for ${engine}`,
      width: 420,
      height: { step: 20 },
      layer: [
        {
          data: { values },
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y: { field: 'row', type: 'nominal', sort: values.map((v) => v.row), title: null },
            x: { field: 'lo', type: 'quantitative', title: 'excess degradation (WER points)' },
            x2: { field: 'hi' },
            color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLORS, title: 'verdict' },
          },
        },
        {
          data: { values },
          mark: { type: 'point', filled: true, size: 60 },
          encoding: {
            y: { field: 'row', type: 'nominal', sort: values.map((v) => v.row) },
            x: { field: 'excess', type: 'quantitative' },
            color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLORS },
          },
        },
        {
          data: { values: [{ x: 0 }] },
          mark: { type: 'rule', color: '#7f8c8d' },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
        {
          data: { values: [{ x: view.thresholds.excessPoints }] },
          mark: { type: 'rule', color: '#c0392b', strokeDash: [6, 4] },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
      ],
    } as TopLevelSpec,
  };
}

/** WER against the swept parameter, one line per group, with intervals. */
export function sweepSpec(view: ReportView, sweep: SweepView): ChartSpec {
  const values = sweep.points.map((p) => ({
    group: p.group,
    x: p.x,
    wer: points(p.wer.value),
    lo: points(p.wer.ci?.[0]),
    hi: points(p.wer.ci?.[1]),
  }));
  const level = Math.round(view.intervalLevel * 100);
  return {
    id: `sweep-${slug(sweep.engine)}-${slug(sweep.base)}-${slug(sweep.parameter)}`,
    title: `WER against ${sweep.parameter} — ${sweep.base}, ${sweep.engine}`,
    caption: `WER of each group at every ${sweep.parameter} of the ${sweep.base} sweep (${sweep.engine}), with ${level} % intervals: where the lines part, the condition hurts one group more.`,
    spec: {
      ...base,
      description: `Severity curves for ${sweep.base}`,
      data: { values },
      width: 420,
      height: 240,
      encoding: {
        x: {
          field: 'x',
          type: 'quantitative',
          title: sweep.parameter,
          // Padding keeps the end points' interval bars off the frame.
          scale: { zero: false, padding: 16 },
        },
        color: { field: 'group', type: 'nominal', title: view.groupBy },
      },
      layer: [
        {
          mark: { type: 'errorbar', ticks: true },
          encoding: {
            y: { field: 'lo', type: 'quantitative', title: 'WER (%)' },
            y2: { field: 'hi' },
          },
        },
        {
          mark: { type: 'line', point: true },
          encoding: { y: { field: 'wer', type: 'quantitative', title: 'WER (%)' } },
        },
      ],
    } as TopLevelSpec,
  };
}

/** Clean WER per group (and engine), with intervals: the gap before any condition. */
export function cleanWerSpec(view: ReportView): ChartSpec {
  const values = view.cells
    .filter((c) => c.isBaseline)
    .map((c) => ({
      group: c.group,
      engine: c.engine,
      wer: points(c.wer.value),
      lo: points(c.wer.ci?.[0]),
      hi: points(c.wer.ci?.[1]),
    }));
  return {
    id: 'clean-wer',
    title: 'Clean WER per group',
    caption:
      'Word error rate on the unperturbed clips, per group and engine, with intervals: the gap that exists before any condition is applied.',
    spec: {
      ...base,
      description: 'Clean WER per group',
      data: { values },
      width: { step: 28 },
      height: 220,
      encoding: {
        x: {
          field: 'group',
          type: 'nominal',
          title: null,
          axis: { labelAngle: -30 },
          sort: view.groups as string[],
        },
        xOffset: { field: 'engine', type: 'nominal' },
        color: { field: 'engine', type: 'nominal', title: 'engine' },
      },
      layer: [
        {
          mark: 'bar',
          encoding: { y: { field: 'wer', type: 'quantitative', title: 'clean WER (%)' } },
        },
        {
          mark: { type: 'errorbar', ticks: true, color: 'black' },
          encoding: {
            y: { field: 'lo', type: 'quantitative', title: 'clean WER (%)' },
            y2: { field: 'hi' },
          },
        },
      ],
    } as TopLevelSpec,
  };
}

/** WER(engine A) − WER(engine B) on the same clips, per condition and group. */
export function engineDisparitySpec(view: ReportView): ChartSpec | null {
  if (view.engineDifferences.length === 0) return null;
  const values = view.engineDifferences.map((d) => ({
    pair: `${d.engineA} − ${d.engineB}`,
    row: `${d.condition} · ${d.group}`,
    diff: points(d.difference.value),
    lo: points(d.difference.ci?.[0]),
    hi: points(d.difference.ci?.[1]),
  }));
  return {
    id: 'engine-disparity',
    title: 'Engine against engine',
    caption:
      'Difference in WER between two engines on the same clips, per condition and group, with intervals: right of zero, the first engine makes more errors.',
    spec: {
      ...base,
      description: 'Engine-versus-engine WER differences',
      data: { values },
      width: 420,
      height: { step: 18 },
      encoding: {
        y: { field: 'row', type: 'nominal', title: null, sort: null },
        color: { field: 'pair', type: 'nominal', title: 'engines' },
      },
      layer: [
        {
          mark: 'rule',
          encoding: {
            x: { field: 'lo', type: 'quantitative', title: 'WER difference (points)' },
            x2: { field: 'hi' },
          },
        },
        {
          mark: { type: 'point', filled: true },
          encoding: { x: { field: 'diff', type: 'quantitative' } },
        },
      ],
    } as TopLevelSpec,
  };
}

/** Every chart of a report, in reading order. */
export function reportCharts(view: ReportView): ChartSpec[] {
  const hasTested = (engine: string) =>
    view.cells.some((c: GroupCell) => c.engine === engine && !c.isBaseline);
  const charts: ChartSpec[] = [];
  for (const engine of view.engines) {
    if (!hasTested(engine)) continue;
    charts.push(heatmapSpec(view, engine));
    // Without a single estimable excess the forest plot would be an empty frame.
    if (view.cells.some((c) => c.engine === engine && !c.isBaseline && c.excess?.value != null))
      charts.push(forestSpec(view, engine));
  }
  for (const s of view.sweeps)
    if (s.points.some((p) => p.wer.value !== null)) charts.push(sweepSpec(view, s));
  charts.push(cleanWerSpec(view));
  const disparity = engineDisparitySpec(view);
  if (disparity) charts.push(disparity);
  return charts;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
}

export function slug(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'x'
  );
}
