import type { AlignedPair } from '../scoring/align.js';
import type { Example, ExampleSide, Examples } from './examples.js';
import { verdictSentence } from './findings.js';
import type { CellGates, GateReport } from './gates/evaluate.js';
import type { RunContext } from './run-context.js';
import type { GroupCell, ReportView } from './view-model.js';

/** Escapes text for HTML content and attribute values. */
export function esc(s: unknown): string {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const pct = (x: number | null | undefined) => (x == null ? '—' : (100 * x).toFixed(1));
const signed = (x: number | null | undefined) =>
  x == null ? '—' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
const ci = (c: readonly [number, number] | null | undefined) =>
  c ? `[${signed(c[0])}, ${signed(c[1])}]` : '';
const p = (x: number | null) =>
  x == null ? '—' : x < 0.001 ? '< .001' : x.toFixed(3).replace(/^0/, '');

export function verdictBadge(v: GroupCell['verdict']): string {
  return `<span class="verdict v-${v.replace(/ /g, '-')}">${esc(v)}</span>`;
}

/** Per engine × condition: every group with WER, degradation, excess, p and verdict; error units shown. */
export function resultsTables(view: ReportView): string {
  const out: string[] = [];
  for (const engine of view.engines) {
    for (const cond of view.conditions) {
      const cells = view.cells.filter((c) => c.engine === engine && c.condition === cond.name);
      if (cells.length === 0) continue;
      const rows = cells.map(
        (c) =>
          `<tr><th scope="row">${esc(c.group)}</th><td>${c.speakers}</td><td>${c.refWords}</td>` +
          `<td>${c.scored} / ${c.units}${c.errored > 0 ? ` <span class="err">(${c.errored} error unit${c.errored === 1 ? '' : 's'})</span>` : ''}</td>` +
          `<td>${pct(c.baselineWer?.value ?? (c.isBaseline ? c.wer.value : null))}</td><td>${pct(c.wer.value)} <small>${ci(c.wer.ci)}</small></td>` +
          `<td>${signed(c.degradation?.value)}</td><td>${signed(c.excess?.value)} <small>${ci(c.excess?.ci)}</small></td>` +
          `<td>${p(c.pAdjusted)}</td><td>${verdictBadge(c.verdict)}</td></tr>`,
      );
      out.push(
        `<table class="results"><caption>${esc(engine)} · ${esc(cond.name)}${cond.isBaseline ? ' (baseline)' : ''}</caption>` +
          '<thead><tr><th scope="col">group</th><th scope="col">speakers</th><th scope="col">words</th><th scope="col">scored / units</th>' +
          '<th scope="col">clean WER %</th><th scope="col">WER %</th><th scope="col">degradation pts</th><th scope="col">excess pts</th>' +
          `<th scope="col">p (corrected)</th><th scope="col">verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
      );
    }
  }
  return out.join('\n');
}

/** Cells without a decision (inconclusive, insufficient data), never hidden. */
export function undecidedList(view: ReportView): string {
  const cells = view.cells.filter(
    (c) => c.verdict === 'inconclusive' || c.verdict === 'insufficient data',
  );
  if (cells.length === 0) return '<p>Every tested cell reached a verdict.</p>';
  return `<ul class="undecided">${cells.map((c) => `<li>${verdictBadge(c.verdict)} ${esc(verdictSentence(c, view))}</li>`).join('')}</ul>`;
}

/** Error units by engine and condition, with the first messages. */
/** One engine × condition's error units: how many, and the first MESSAGES_SHOWN distinct messages. */
export interface ErrorMessages {
  count: number;
  readonly messages: string[];
}

export const MESSAGES_SHOWN = 3;

export function errorUnitsSection(
  view: ReportView,
  messages: ReadonlyMap<string, ErrorMessages>,
): string {
  const total = view.input.errored;
  if (total === 0) return '<p>No error units: every engine call returned a transcript.</p>';
  const rows = [...messages.entries()].map(([key, e]) => {
    const [engine, condition] = key.split('\u0000');
    const shown = e.messages.map((m) => `<code>${esc(m)}</code>`).join('<br>');
    return `<tr><td>${esc(engine)}</td><td>${esc(condition)}</td><td>${e.count}</td><td>${shown}</td></tr>`;
  });
  return (
    `<p class="err">${total} of ${view.input.rows} units failed: they are missing data, left out of every WER (never counted as 100 % errors).</p>` +
    `<table><thead><tr><th>engine</th><th>condition</th><th>error units</th><th>messages</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** The gate checks, failures first. */
export function gatesSection(gates: GateReport, context: RunContext): string {
  const order = { error: 0, failure: 1, warn: 2, skipped: 3, pass: 4 } as const;
  const cells = [...gates.cells].sort((a, b) => order[a.outcome] - order[b.outcome]);
  const row = (c: CellGates) =>
    `<tr class="o-${c.outcome}"><td>${esc(c.outcome)}</td><td>${esc(c.cell.engine)}</td><td>${esc(c.cell.condition)}</td><td>${esc(c.cell.group)}</td><td>${esc(c.message)}</td></tr>`;
  const run = gates.run.map(
    (c) =>
      `<tr class="o-${c.status === 'breach' ? (c.level === 'error' ? 'error' : 'warn') : 'pass'}"><td>${esc(c.status)}</td><td colspan="3">whole run (${esc(c.rule)}, ${esc(c.level)})</td><td>${esc(c.message)}</td></tr>`,
  );
  return (
    `<p><strong>${esc(gates.verdict)}</strong> — the command exits as <code>${esc(gates.exit)}</code>. Gates from ${esc(context.gatesSource)}: ` +
    `${context.gates.map((g) => `<code>${esc(g.rule)}${g.max !== undefined ? ` &gt; ${g.max}` : ''} → ${esc(g.level)}</code>`).join(', ')}.</p>` +
    `<table class="gates"><thead><tr><th>outcome</th><th>engine</th><th>condition</th><th>group</th><th>why</th></tr></thead><tbody>${run.join('')}${cells.map(row).join('')}</tbody></table>`
  );
}

function diff(pairs: readonly AlignedPair[]): string {
  return pairs
    .map((x) => {
      switch (x.op) {
        case 'C':
          return `<span class="w">${esc(x.ref)}</span>`;
        case 'S':
          return `<span class="w sub" title="substitution"><del>${esc(x.ref)}</del><ins>${esc(x.hyp)}</ins></span>`;
        case 'D':
          return `<span class="w del" title="deletion"><del>${esc(x.ref)}</del></span>`;
        default:
          return `<span class="w ins" title="insertion"><ins>${esc(x.hyp)}</ins></span>`;
      }
    })
    .join(' ');
}

function player(side: ExampleSide, label: string): string {
  if (!side.audio) return '';
  const src = `data:${side.audio.mime};base64,${side.audio.bytes.toString('base64')}`;
  return `<audio controls preload="metadata" src="${esc(src)}" aria-label="${esc(label)}"></audio>`;
}

function exampleCard(e: Example): string {
  const params = e.params?.length
    ? `<p class="params">drawn: <code>${esc(JSON.stringify(e.params))}</code></p>`
    : '';
  const side = (name: string, s: ExampleSide) =>
    `<div class="side"><h4>${esc(name)} <small>${s.errors} error${s.errors === 1 ? '' : 's'} in ${s.refWords} words</small></h4>${player(s, `${name} audio of ${e.clipId}`)}<p class="diff">${diff(s.pairs)}</p></div>`;
  return (
    `<article class="example"><h3>${esc(e.cell.group)} · ${esc(e.cell.condition)} · ${esc(e.cell.engine)} — clip <code>${esc(e.clipId)}</code> (${esc(e.speaker)})</h3>` +
    `<p class="ref">said: “${esc(e.reference)}”</p>${params}<div class="sides">${side('clean', e.clean)}${side(e.cell.condition, e.perturbed)}</div></article>`
  );
}

export function examplesSection(ex: Examples): string {
  if (ex.examples.length === 0)
    return '<p>No cell has a positive excess degradation: there is no worst example to listen to.</p>';
  const codec = ex.examples.find((e) => e.clean.audio)?.clean.audio?.codec;
  const lead =
    '<p class="legend">Words: <span class="w sub"><del>said</del><ins>heard</ins></span> substitution · <span class="w del"><del>said</del></span> deletion · <span class="w ins"><ins>heard</ins></span> insertion (after text normalisation).' +
    (codec
      ? ` Players are ${esc(codec)} for size; the engine heard lossless 16-bit PCM, verified by its hash.`
      : '') +
    '</p>';
  const note = ex.audioNote ? `<p class="warn">${esc(ex.audioNote)}</p>` : '';
  return lead + note + ex.examples.map(exampleCard).join('\n');
}
