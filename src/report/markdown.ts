import type { AlignedPair } from '../scoring/align.js';
import { anatomyMarkdown } from './anatomy-render.js';
import type { Examples } from './examples.js';
import { headline, syntheticWarning, verdictSentence } from './findings.js';
import type { GateReport } from './gates/evaluate.js';
import type { RunContext } from './run-context.js';
import { slicesMarkdown } from './slices-section.js';
import type { ReportView } from './view-model.js';

const pct = (x: number | null | undefined) => (x == null ? '—' : (100 * x).toFixed(1));
const signed = (x: number | null | undefined) =>
  x == null ? '—' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
const ci = (c: readonly [number, number] | null | undefined) =>
  c ? ` [${signed(c[0])}, ${signed(c[1])}]` : '';
const p = (x: number | null) =>
  x == null ? '—' : x < 0.001 ? '<.001' : x.toFixed(3).replace(/^0/, '');
/** Table cells must not break the pipe table. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const MARK: Record<string, string> = {
  disproportionate: '🔴 disproportionate',
  'within tolerance': '🟢 within tolerance',
  inconclusive: '🟡 inconclusive',
  'insufficient data': '⚪ insufficient data',
  baseline: 'baseline',
};

/**
 * report.md: the same findings as the HTML report, as GitHub-flavoured Markdown for pull
 * requests, chat and `$GITHUB_STEP_SUMMARY` (which takes at most 1 MiB: no audio, examples
 * as text diffs).
 */
export function renderMarkdown(
  view: ReportView,
  context: RunContext,
  gates: GateReport,
  examples: Examples,
  recomputed?: string,
): string {
  const h = headline(view, gates);
  const out: string[] = [`## lastmile: ${context.id}`, ''];
  const warning = syntheticWarning(view, context);
  if (warning) out.push(`> [!WARNING]\n> ${warning}`, '');
  if (recomputed) out.push(`> [!NOTE]\n> ${recomputed}.`, '');
  if (view.input.errored > 0)
    out.push(
      `> [!CAUTION]\n> ${view.input.errored} of ${view.input.rows} units are error units (no transcript); they are left out of every WER.`,
      '',
    );
  out.push(`**${h.found}**`, '', h.sure, '', `Gates: **${gates.exit}** — ${gates.verdict}.`, '');
  for (const c of h.worst) out.push(`- ${verdictSentence(c, view)}`);
  if (h.worst.length) out.push('');
  out.push(...resultTable(view), '', ...anatomyMarkdown(view.anatomy));
  if (view.slices) out.push(...slicesMarkdown(view.slices));
  const undecided = view.cells.filter(
    (c) => c.verdict === 'inconclusive' || c.verdict === 'insufficient data',
  );
  if (undecided.length) {
    out.push('<details><summary>Undecided cells</summary>', '');
    for (const c of undecided) out.push(`- ${verdictSentence(c, view)}`);
    out.push('', '</details>', '');
  }
  out.push(...sweepTables(view), ...exampleDiffs(examples), ...runFacts(view, context));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

function resultTable(view: ReportView): string[] {
  const rows = view.cells.filter((c) => !c.isBaseline);
  if (rows.length === 0) return ['Only the clean baseline was run.'];
  const level = Math.round(view.intervalLevel * 100);
  const lines = [
    `| engine | condition | group | clean WER % | WER % | degradation pts | excess pts [${level} % CI] | p (corr.) | verdict | errors |`,
    '|---|---|---|--:|--:|--:|--:|--:|---|--:|',
  ];
  for (const c of rows)
    lines.push(
      `| ${cell(c.engine)} | ${cell(c.condition)} | ${cell(c.group)} | ${pct(c.baselineWer?.value)} | ${pct(c.wer.value)} | ${signed(c.degradation?.value)} | ${signed(c.excess?.value)}${ci(c.excess?.ci)} | ${p(c.pAdjusted)} | ${MARK[c.verdict]} | ${c.errored} |`,
    );
  return lines;
}

function sweepTables(view: ReportView): string[] {
  const out: string[] = [];
  for (const s of view.sweeps) {
    const xs = [...new Set(s.points.map((q) => q.x))].sort((a, b) => b - a);
    const groups = [...new Set(s.points.map((q) => q.group))];
    out.push(
      `**WER % against ${s.parameter} — ${s.base} (${s.engine})**`,
      '',
      `| group | ${xs.join(' | ')} |`,
      `|---|${xs.map(() => '--:').join('|')}|`,
    );
    for (const g of groups)
      out.push(
        `| ${cell(g)} | ${xs.map((x) => pct(s.points.find((q) => q.group === g && q.x === x)?.wer.value)).join(' | ')} |`,
      );
    out.push('');
  }
  return out;
}

function diffText(pairs: readonly AlignedPair[]): string {
  return pairs
    .map((x) =>
      x.op === 'C'
        ? x.ref
        : x.op === 'S'
          ? `~~${x.ref}~~→**${x.hyp}**`
          : x.op === 'D'
            ? `~~${x.ref}~~`
            : `**+${x.hyp}**`,
    )
    .join(' ');
}

function exampleDiffs(ex: Examples): string[] {
  if (ex.examples.length === 0) return [];
  const out = [
    '<details><summary>Worst examples (text; the HTML report has the audio)</summary>',
    '',
  ];
  for (const e of ex.examples.slice(0, 6))
    out.push(
      `- **${cell(e.cell.group)} · ${cell(e.cell.condition)}** \`${e.clipId}\`  `,
      `  clean: ${diffText(e.clean.pairs)}  `,
      `  ${cell(e.cell.condition)}: ${diffText(e.perturbed.pairs)}`,
    );
  out.push(
    '',
    '~~said~~ deleted · ~~said~~→**heard** substituted · **+heard** inserted',
    '',
    '</details>',
    '',
  );
  return out;
}

function runFacts(view: ReportView, context: RunContext): string[] {
  const engines = view.engines.map(
    (id) =>
      `\`${id}\`${context.engines.find((e) => e.id === id)?.version ? ` (${context.engines.find((e) => e.id === id)?.version})` : ''}`,
  );
  return [
    '<details><summary>What was run</summary>',
    '',
    `- scenarios: ${context.scenarios.map((s) => `${s.name} (seed ${s.seed ?? '?'})`).join(', ') || 'not recorded'}`,
    `- corpus: \`${context.corpus.manifest ?? 'not recorded'}\`, groups by \`${view.groupBy}\`: ${view.groups.join(', ')}`,
    `- engines: ${engines.join(', ')}`,
    `- normaliser \`${view.normalizer.id}\`; lastmile ${view.toolVersion}; gates from ${context.gatesSource}`,
    '',
    '</details>',
  ];
}
