import type { SliceFiguresJson, SlicesResult } from './find-slices.js';

const fmt = (x: number, digits = 1) => (x >= 0 ? ' ' : '') + x.toFixed(digits);
const ci = (f: SliceFiguresJson) => `[${f.ci[0].toFixed(1)}, ${f.ci[1].toFixed(1)}]`;
const pFmt = (p: number) => (p < 0.001 ? '<0.001' : p.toFixed(3));

/** The console table of `lastmile slices` (and the report's text). */
export function slicesText(r: SlicesResult): string {
  const what = r.metric === 'degradation' ? 'paired degradation' : 'clean WER';
  const lines: string[] = [];
  lines.push(
    `Worst slices by ${what} against the other speakers of the same context (WER points), ranked by the lower end of the ${Math.round((1 - r.settings.alpha) * 100)} % interval`,
  );
  lines.push(
    `${r.data.speakers} speakers, ${r.data.units} units; ${r.search.family} slices of up to ${r.settings.maxPredicates} labels met support (≥ ${r.settings.minSpeakers} speakers and ≥ ${r.settings.minWords} words each side), ${r.search.belowSupport} did not; ${r.search.redundant} redundant slices skipped`,
  );
  if (r.slices.length === 0) {
    lines.push('No slice met support: nothing could be told.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('');
  lines.push(' #  excess  interval         p(max-T)  held-out  slice');
  for (const s of r.slices) {
    const held = s.confirmation ? (s.confirmation.confirmed ? 'confirmed' : 'not conf.') : '—';
    lines.push(
      `${String(s.rank).padStart(2)} ${fmt(s.figures.excess).padStart(7)}  ${ci(s.figures).padEnd(15)}  ${pFmt(s.pMaxT).padStart(8)}  ${held.padEnd(9)} ${s.label} (${s.figures.speakers} speakers)`,
    );
  }
  lines.push('');
  lines.push(
    `Found on ${r.split.discovery.length} speakers, confirmed on the other ${r.split.confirmation.length} (one-sided, Holm over the ${r.split.carried.length} carried):`,
  );
  for (const c of r.split.carried) {
    const held = c.confirmation
      ? `${fmt(c.confirmation.excess)} ${ci(c.confirmation)}, p(Holm) ${pFmt(c.pHolm)}`
      : 'too few held-out speakers or words';
    lines.push(
      `  ${c.confirmed ? 'confirmed    ' : 'not confirmed'}  ${c.label}: found ${fmt(c.discovery.excess)}, held out ${held}`,
    );
  }
  lines.push('');
  lines.push(
    `Error control: max-T over all ${r.search.family} slices (${r.search.permutations} permutations of speakers' labels; smallest adjusted p ${pFmt(r.search.smallestPMaxT)}), and a split by speaker (seed ${r.split.seed}). A slice is a finding when confirmed on held-out speakers.`,
  );
  if (r.skippedAttributes.length)
    lines.push(
      `Not searched: ${r.skippedAttributes.map((a) => `${a.name} (${a.reason})`).join(', ')}.`,
    );
  return `${lines.join('\n')}\n`;
}
