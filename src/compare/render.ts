import type { TopLevelSpec } from 'vega-lite';
import { renderChart } from '../report/charts/render.js';
import type { ChartSpec } from '../report/charts/specs.js';
import { esc } from '../report/html-parts.js';
import { REPORT_CSS } from '../report/html-style.js';
import type { CellChange, Metric } from './compare.js';
import type { Pairing } from './pair-runs.js';

/** What the compare outputs say besides the cells. */
export interface CompareHeader {
  readonly baseline: string;
  readonly current: string;
  readonly pairing: Pairing;
  readonly alpha: number;
  readonly verdict: string;
}

const METRIC: Record<Metric, string> = { wer: 'WER', degradation: 'degradation', excess: 'excess' };
const pct = (x: number | null) => (x == null ? '—' : (100 * x).toFixed(1));
const signed = (x: number | null) =>
  x == null ? '—' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
const ci = (c: readonly [number, number] | null) => (c ? `[${signed(c[0])}, ${signed(c[1])}]` : '');
const p = (x: number) => (x < 0.001 ? '<.001' : x.toFixed(3).replace(/^0/, ''));
const ORDER = { regressed: 0, worse: 1, improved: 2, unchanged: 3 } as const;

function notable(cells: readonly CellChange[]): CellChange[] {
  return cells
    .filter((c) => c.status !== 'unchanged')
    .sort((a, b) => ORDER[a.status] - ORDER[b.status] || (b.change ?? 0) - (a.change ?? 0));
}

function pairingLines(h: CompareHeader): string[] {
  const engines = h.pairing.engines.map((e) =>
    e.baseline === e.current ? e.current : `${e.baseline} → ${e.current}`,
  );
  const lines = [
    `${h.pairing.units.length} paired units (${h.pairing.verified} with the same audio by hash${h.pairing.unverified ? `, ${h.pairing.unverified} without recorded hashes` : ''}); engines ${engines.join(', ')}`,
  ];
  if (h.pairing.leftOut.length) lines.push(`left out: ${h.pairing.leftOut.join('; ')}`);
  if (h.pairing.mismatches.length)
    lines.push(`compared on the overlap only (--overlap): ${h.pairing.mismatches.join('; ')}`);
  return lines;
}

/** The console table: changed cells only, regressions first. */
export function renderCompareConsole(h: CompareHeader, cells: readonly CellChange[]): string {
  const out = [`compare ${h.baseline} → ${h.current}`, ...pairingLines(h), ''];
  const shown = notable(cells);
  if (shown.length) {
    out.push(
      `${'status'.padEnd(10)} ${'metric'.padEnd(11)} ${'condition'.padEnd(22)} ${'group'.padEnd(24)} ${'base'.padStart(6)} ${'new'.padStart(6)}  change [CI] pts, p (max-T)`,
    );
    for (const c of shown)
      out.push(
        `${c.status.padEnd(10)} ${METRIC[c.metric].padEnd(11)} ${c.condition.slice(0, 22).padEnd(22)} ${c.group.slice(0, 24).padEnd(24)} ${pct(c.baseline).padStart(6)} ${pct(c.current).padStart(6)}  ${signed(c.change)} ${ci(c.ci)}, p ${p(c.pAdjusted)}`,
      );
  }
  out.push(
    `${cells.filter((c) => c.status === 'unchanged').length} of ${cells.length} cell measures unchanged (family-wise α ${h.alpha})`,
    h.verdict,
    '',
  );
  return out.join('\n');
}

export function renderCompareMarkdown(h: CompareHeader, cells: readonly CellChange[]): string {
  const out = [
    `## lastmile compare: ${h.baseline} → ${h.current}`,
    '',
    `**${h.verdict}**`,
    '',
    ...pairingLines(h).map((l) => `- ${l}`),
    '',
  ];
  const shown = notable(cells);
  if (shown.length) {
    out.push(
      '| status | metric | engine | condition | group | baseline % | new % | change pts [CI] | p (max-T) |',
      '|---|---|---|---|---|--:|--:|--:|--:|',
    );
    for (const c of shown)
      out.push(
        `| ${c.status} | ${METRIC[c.metric]} | ${c.engine} | ${c.condition} | ${c.group} | ${pct(c.baseline)} | ${pct(c.current)} | ${signed(c.change)} ${ci(c.ci)} | ${p(c.pAdjusted)} |`.replace(
          /\n/g,
          ' ',
        ),
      );
  } else out.push('No cell changed beyond chance.');
  out.push(
    '',
    `Paired on the same clips and audio; intervals resample speakers; p-values are max-T adjusted over each measure's cells (speaker sign-flips), family-wise α ${h.alpha}.`,
    '',
  );
  return out.join('\n');
}

function changeChart(cells: readonly CellChange[], metric: Metric, limit: number): ChartSpec {
  const values = cells
    .filter((c) => c.metric === metric && c.change !== null)
    .map((c) => ({
      row: `${c.engine} · ${c.condition} · ${c.group}`,
      change: 100 * c.change!,
      lo: c.ci ? 100 * c.ci[0] : null,
      hi: c.ci ? 100 * c.ci[1] : null,
      status: c.status,
    }));
  return {
    id: `change-${metric}`,
    title: `Change in ${METRIC[metric]} (new − baseline)`,
    caption: `Each row is a cell: the dot is the change in ${METRIC[metric]} in points, the bar its interval; right of zero is worse. The dashed line is the regression limit (${limit} points).`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      background: 'white',
      config: { font: 'Helvetica, Arial, sans-serif', axis: { labelLimit: 400 } },
      width: 420,
      height: { step: 16 },
      layer: [
        {
          data: { values },
          mark: 'rule',
          encoding: {
            y: { field: 'row', type: 'nominal', title: null, sort: null },
            x: { field: 'lo', type: 'quantitative', title: 'change (points)' },
            x2: { field: 'hi' },
            color: {
              field: 'status',
              type: 'nominal',
              scale: {
                domain: ['regressed', 'worse', 'improved', 'unchanged'],
                range: ['#c0392b', '#d68910', '#1e8449', '#95a5a6'],
              },
            },
          },
        },
        {
          data: { values },
          mark: { type: 'point', filled: true },
          encoding: {
            y: { field: 'row', type: 'nominal', sort: null },
            x: { field: 'change', type: 'quantitative' },
            color: { field: 'status', type: 'nominal' },
          },
        },
        {
          data: { values: [{ x: 0 }] },
          mark: { type: 'rule', color: '#7f8c8d' },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
        {
          data: { values: [{ x: limit }] },
          mark: { type: 'rule', color: '#c0392b', strokeDash: [6, 4] },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
      ],
    } as TopLevelSpec,
  };
}

/** compare.html: self-contained like report.html — charts as SVG, no script, no network. */
export async function renderCompareHtml(
  h: CompareHeader,
  cells: readonly CellChange[],
  limit: number,
): Promise<string> {
  const charts = [];
  for (const m of ['wer', 'degradation', 'excess'] as const)
    if (cells.some((c) => c.metric === m && c.change !== null))
      charts.push(await renderChart(changeChart(cells, m, limit)));
  const rows = notable(cells)
    .map(
      (c) =>
        `<tr class="o-${c.status === 'regressed' ? 'failure' : c.status === 'worse' ? 'warn' : 'pass'}"><td>${esc(c.status)}</td><td>${METRIC[c.metric]}</td><td>${esc(c.engine)}</td><td>${esc(c.condition)}</td><td>${esc(c.group)}</td><td>${pct(c.baseline)}</td><td>${pct(c.current)}</td><td>${signed(c.change)} <small>${ci(c.ci)}</small></td><td>${p(c.pAdjusted)}</td></tr>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>lastmile compare — ${esc(h.baseline)} → ${esc(h.current)}</title><style>${REPORT_CSS}</style></head>
<body><header><h1>lastmile compare <small>${esc(h.baseline)} → ${esc(h.current)}</small></h1>
<p class="lead">${esc(h.verdict)}</p><ul>${pairingLines(h)
    .map((l) => `<li>${esc(l)}</li>`)
    .join('')}</ul></header>
<main><section><h2>Changed cells</h2>${rows ? `<table><thead><tr><th>status</th><th>measure</th><th>engine</th><th>condition</th><th>group</th><th>baseline %</th><th>new %</th><th>change pts</th><th>p (max-T)</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No cell changed beyond chance.</p>'}</section>
<section><h2>Charts</h2>${charts.map((c) => `<figure id="${esc(c.id)}"><figcaption><strong>${esc(c.title)}</strong><br>${esc(c.caption)}</figcaption>${c.svg}</figure>`).join('')}</section>
<section><h2>Methods</h2><p>Units are paired on (engine, condition, clip), and a pair counts only when both runs heard the same audio (equal hashes). Intervals: percentile bootstrap resampling speakers within each group. Tests: speakers' run labels swapped at random (the same swap in every cell), max-T over each measure's cells, which holds the family-wise error rate at ${h.alpha}.</p></section></main></body></html>
`;
}
