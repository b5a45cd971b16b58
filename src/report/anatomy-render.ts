import type { AnatomyView } from './anatomy-view.js';
import { esc, verdictBadge } from './html-parts.js';

const signed = (x: number | null | undefined) =>
  x == null ? '—' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
const pct = (x: number | null | undefined) => (x == null ? '—' : (100 * x).toFixed(1));
const LABEL: Record<string, string> = {
  substitutions: 'substitutions',
  deletions: 'deletions',
  insertions: 'insertions',
  keywords: 'keyword errors',
};

/** The rows of the anatomy table: engine × condition × group, one column per metric. */
function rows(view: AnatomyView) {
  const keys = [
    ...new Set(view.rates.map((r) => `${r.engine}\u0000${r.condition}\u0000${r.group}`)),
  ];
  return keys.map((k) => {
    const [engine, condition, group] = k.split('\u0000');
    const of = (m: string) =>
      view.rates.find(
        (r) =>
          r.engine === engine && r.condition === condition && r.group === group && r.metric === m,
      );
    return { engine, condition, group, of };
  });
}

/** report.html's "Which errors grow" section. */
export function anatomyHtml(view: AnatomyView): string {
  if (view.rates.length === 0) return '<p>Only the clean baseline was run.</p>';
  const head = view.metrics
    .map((m) => `<th scope="col">${esc(LABEL[m] ?? m)}: rate % · excess pts</th>`)
    .join('');
  const body = rows(view)
    .map(({ engine, condition, group, of }) => {
      const tds = view.metrics.map((m) => {
        const r = of(m);
        if (!r) return '<td>—</td>';
        return `<td title="${esc(r.reason)}">${pct(r.rate.value)} · ${signed(r.excess?.value)} ${verdictBadge(r.verdict)}</td>`;
      });
      return `<tr><td>${esc(engine)}</td><td>${esc(condition)}</td><th scope="row">${esc(group)}</th>${tds.join('')}</tr>`;
    })
    .join('');
  const flagged = view.rates.filter((r) => r.verdict === 'disproportionate');
  const lead = flagged.length
    ? `<ul>${flagged.map((r) => `<li>${verdictBadge(r.verdict)} ${esc(`${r.group}: ${LABEL[r.metric] ?? r.metric} under ${r.condition} (${r.engine}) — ${r.reason}`)}</li>`).join('')}</ul>`
    : '<p>No error kind grows disproportionately for any group (see each cell’s verdict).</p>';
  const kw = view.keywords
    ? `<p>Keywords: ${view.keywords.terms} terms from <code>${esc(view.keywords.source)}</code>; a term is an error when any of its words is substituted or deleted.</p>`
    : '<p>No keyword list: add <code>keywords:</code> to the suite or scenario for a keyword error rate.</p>';
  return `${lead}${kw}<table class="results anatomy"><thead><tr><th scope="col">engine</th><th scope="col">condition</th><th scope="col">group</th>${head}</tr></thead><tbody>${body}</tbody></table>${hallucinationsHtml(view)}`;
}

function hallucinationsHtml(view: AnatomyView): string {
  if (view.hallucinations.length === 0)
    return '<h3>Hallucinations</h3><p>No repetition loop and no words heard without speech.</p>';
  const rowsHtml = view.hallucinations
    .map(
      (h) =>
        `<tr><td>${esc(h.engine)}</td><td>${esc(h.condition)}</td><th scope="row">${esc(h.group)}</th><td>${h.hallucinatedUtterances} / ${h.utterances}</td><td>${h.loopInsertions}</td><td>${h.noSpeechInsertions}</td><td>${h.examples
          .map(
            (e) =>
              `<div><code>${esc(e.clip)}</code> ${esc(e.kind)}: <q>${esc(e.words)}</q><br><small>said: ${esc(e.reference)}<br>heard: ${esc(e.hypothesis)}</small></div>`,
          )
          .join('')}</td></tr>`,
    )
    .join('');
  return `<h3>Hallucinations</h3><table class="results hallucinations"><thead><tr><th scope="col">engine</th><th scope="col">condition</th><th scope="col">group</th><th scope="col">utterances with one</th><th scope="col">loop words</th><th scope="col">words without speech</th><th scope="col">examples</th></tr></thead><tbody>${rowsHtml}</tbody></table>`;
}

const MARK: Record<string, string> = {
  disproportionate: '🔴',
  'within tolerance': '🟢',
  inconclusive: '🟡',
  'insufficient data': '⚪',
  baseline: '',
};
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** report.md's section: the same table, and hallucination counts with one example each. */
export function anatomyMarkdown(view: AnatomyView): string[] {
  if (view.rates.length === 0) return [];
  const out = [
    '### Which errors grow',
    '',
    `| engine | condition | group | ${view.metrics.map((m) => `${LABEL[m] ?? m} % (excess pts)`).join(' | ')} |`,
    `|---|---|---|${view.metrics.map(() => '--:').join('|')}|`,
  ];
  for (const { engine, condition, group, of } of rows(view))
    out.push(
      `| ${cell(engine)} | ${cell(condition)} | ${cell(group)} | ${view.metrics
        .map((m) => {
          const r = of(m);
          return r ? `${pct(r.rate.value)} (${signed(r.excess?.value)}) ${MARK[r.verdict]}` : '—';
        })
        .join(' | ')} |`,
    );
  out.push('');
  if (view.hallucinations.length) {
    out.push('**Hallucinations** (repetition loops, words without speech)', '');
    for (const h of view.hallucinations) {
      const e = h.examples[0];
      out.push(
        `- ${cell(h.group)} · ${cell(h.condition)} (${cell(h.engine)}): ${h.hallucinatedUtterances} of ${h.utterances} utterances, ${h.loopInsertions} loop words, ${h.noSpeechInsertions} without speech${e ? ` — e.g. \`${e.clip}\` ${e.kind} "${cell(e.words)}"` : ''}`,
      );
    }
    out.push('');
  }
  return out;
}
