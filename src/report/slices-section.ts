import { esc } from './html-parts.js';
import type { SlicesView } from './slices-view.js';

const p = (x: number) => (x < 0.001 ? '< 0.001' : x.toFixed(3));
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

function caption(v: SlicesView): string {
  const what = v.metric === 'degradation' ? 'paired degradation' : 'clean WER';
  return `Slices of labels, conditions and drawn parameters whose ${what} exceeds the other speakers' in the same context (WER points), ranked by the lower end of the interval. Error control: max-T over all ${v.family} slices that met support (${v.permutations} permutations of speakers' labels), and found on ${v.discoverySpeakers} speakers, confirmed on the other ${v.confirmationSpeakers} (seed ${v.seed}). A finding is a slice confirmed on held-out speakers.`;
}

export function slicesHtml(v: SlicesView): string {
  if (!v.rows.length) return `<p>${esc(caption(v))}</p><p>No slice met support.</p>`;
  const rows = v.rows
    .map(
      (r) =>
        `<tr><td>${r.rank}</td><th scope="row">${esc(r.label)}</th><td>${r.speakers}</td><td>${signed(r.excess)}</td><td>[${r.ci[0].toFixed(1)}, ${r.ci[1].toFixed(1)}]</td><td>${p(r.pMaxT)}</td><td>${esc(r.heldOut)}</td></tr>`,
    )
    .join('');
  return `<p>${esc(caption(v))}</p><table><thead><tr><th>#</th><th>slice</th><th>speakers</th><th>excess</th><th>interval</th><th>p (max-T)</th><th>held-out</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function slicesMarkdown(v: SlicesView): string[] {
  const out = ['### Worst slices', '', caption(v), ''];
  if (!v.rows.length) return [...out, 'No slice met support.', ''];
  out.push(
    '| # | slice | speakers | excess | interval | p (max-T) | held-out |',
    '|---:|---|---:|---:|---|---:|---|',
  );
  for (const r of v.rows)
    out.push(
      `| ${r.rank} | ${r.label.replace(/\|/g, '\\|')} | ${r.speakers} | ${signed(r.excess)} | [${r.ci[0].toFixed(1)}, ${r.ci[1].toFixed(1)}] | ${p(r.pMaxT)} | ${r.heldOut} |`,
    );
  out.push('');
  return out;
}
