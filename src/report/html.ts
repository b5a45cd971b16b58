import { anatomyHtml } from './anatomy-render.js';
import type { RenderedChart } from './charts/render.js';
import type { Examples } from './examples.js';
import { headline, syntheticWarning, verdictSentence } from './findings.js';
import type { GateReport } from './gates/evaluate.js';
import type { ErrorMessages } from './html-parts.js';
import {
  errorUnitsSection,
  esc,
  examplesSection,
  gatesSection,
  resultsTables,
  undecidedList,
  verdictBadge,
} from './html-parts.js';
import { REPORT_CSS } from './html-style.js';
import type { RunContext } from './run-context.js';
import { slicesHtml } from './slices-section.js';
import type { ReportView } from './view-model.js';

export interface HtmlInputs {
  readonly view: ReportView;
  readonly context: RunContext;
  readonly gates: GateReport;
  readonly charts: readonly RenderedChart[];
  readonly examples: Examples;
  /** Error units by `engine\0condition`: how many, and their first few distinct messages. */
  readonly errorMessages: ReadonlyMap<string, ErrorMessages>;
  readonly recomputed?: string;
  readonly generatedAt: string;
}

/**
 * report.html: one file with everything inlined — styles, SVG charts, audio as data: URLs —
 * and no script, so it opens offline, from an e-mail attachment or a CI artifact, and prints.
 * A Content-Security-Policy forbids every fetch, so nothing in it can reach the network.
 */
export function renderHtml(x: HtmlInputs): string {
  const { view, context, gates } = x;
  const h = headline(view, gates);
  const warning = syntheticWarning(view, context);
  const chart = (c: RenderedChart) =>
    `<figure id="${esc(c.id)}"><figcaption><strong>${esc(c.title)}</strong><br>${esc(c.caption)}</figcaption>${c.svg}</figure>`;
  const sections = [
    section(
      'found',
      'What was found',
      `<p class="lead">${esc(h.found)}</p>${h.worst.length ? `<ul>${h.worst.map((c) => `<li>${verdictBadge(c.verdict)} ${esc(verdictSentence(c, view))}</li>`).join('')}</ul>` : ''}<p>${esc(h.sure)} <a href="#methods">Methods</a>.</p>`,
    ),
    ...(view.slices ? [section('slices', 'Worst slices', slicesHtml(view.slices))] : []),
    section('run', 'What was run', whatWasRun(view, context)),
    section('charts', 'Charts', x.charts.map(chart).join('\n')),
    section('listen', 'Listen: the worst examples', examplesSection(x.examples)),
    section('anatomy', 'Which errors grow', anatomyHtml(view.anatomy)),
    section('undecided', 'Undecided cells', undecidedList(view)),
    section('errors', 'Error units', errorUnitsSection(view, x.errorMessages)),
    section('gates', 'Gates', gatesSection(gates, context)),
    section('results', 'All results', resultsTables(view)),
    section('methods', 'Methods', methods(view, context)),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; media-src data:">
<title>lastmile report — ${esc(context.id)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>lastmile report <small>${esc(context.id)}</small></h1>
<p class="meta">${esc(context.suite ? `suite ${context.suite.name} · ` : '')}${esc(context.createdAt ?? '')} · generated ${esc(x.generatedAt)} by lastmile ${esc(context.tool ?? view.toolVersion)}</p>
${warning ? `<p class="banner synthetic" role="alert"><strong>Synthetic corpus.</strong> ${esc(warning)}</p>` : ''}
${x.recomputed ? `<p class="banner note">${esc(x.recomputed)}.</p>` : ''}
${view.input.errored > 0 ? `<p class="banner errors">${view.input.errored} of ${view.input.rows} units are error units (no transcript) — <a href="#errors">see which</a>.</p>` : ''}
<nav>${sections.map((s) => `<a href="#${s.id}">${esc(s.title)}</a>`).join(' · ')}</nav>
</header>
<main>
${sections.map((s) => s.html).join('\n')}
</main>
</body>
</html>
`;
}

function section(id: string, title: string, body: string) {
  return { id, title, html: `<section id="${id}"><h2>${esc(title)}</h2>\n${body}\n</section>` };
}

function whatWasRun(view: ReportView, context: RunContext): string {
  const scenarios = context.scenarios
    .map(
      (s) =>
        `<li><strong>${esc(s.name)}</strong>${s.description ? ` — ${esc(s.description)}` : ''} <small>(seed ${esc(s.seed ?? '?')}; ${s.conditions.length} condition${s.conditions.length === 1 ? '' : 's'}: ${esc(s.conditions.join(', '))})</small>` +
        (s.text
          ? `<details><summary>scenario file ${esc(s.file ?? '')}</summary><pre>${esc(s.text)}</pre></details>`
          : `<br><small class="warn">${esc(s.textMissing ?? '')}</small>`) +
        '</li>',
    )
    .join('');
  const c = context.corpus;
  const engines = view.engines
    .map((id) => {
      const version = context.engines.find((e) => e.id === id)?.version;
      return `<li><code>${esc(id)}</code>${version ? ` — ${esc(version)}` : ''}</li>`;
    })
    .join('');
  return (
    `<dl class="run">` +
    `<dt>Scenarios</dt><dd><ul>${scenarios || '<li>not recorded (no run.json)</li>'}</ul></dd>` +
    `<dt>Corpus</dt><dd><code>${esc(c.manifest ?? 'not recorded')}</code>${c.selected !== undefined ? ` — ${c.selected} of ${c.clips} clips` : ''}; groups by <code>${esc(view.groupBy)}</code>: ${esc(view.groups.join(', '))}</dd>` +
    `<dt>Engines</dt><dd><ul>${engines}</ul></dd>` +
    `<dt>Conditions</dt><dd>${esc(view.conditions.map((k) => k.name).join(', '))}</dd>` +
    `<dt>Units</dt><dd>${view.input.rows} rows, ${view.input.errored} error units${context.status ? `; run status ${esc(context.status)}` : ''}</dd>` +
    `<dt>Versions</dt><dd>lastmile ${esc(context.tool ?? view.toolVersion)}${context.platform ? `; ${esc(context.platform)}` : ''}</dd>` +
    `</dl>`
  );
}

function methods(view: ReportView, context: RunContext): string {
  const rows = Object.entries(view.methods).map(
    ([key, value]) =>
      `<dt>${esc(key)}</dt><dd>${typeof value === 'string' ? esc(value) : `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`}</dd>`,
  );
  const command = context.command
    ? `<p>Command: <code>lastmile ${esc(context.command.join(' '))}</code></p>`
    : '';
  return `<p>Normaliser <code>${esc(view.normalizer.id)}</code>: ${esc(view.normalizer.description)}</p>${command}<dl class="methods">${rows.join('')}</dl>`;
}
