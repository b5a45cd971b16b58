import type { Intersection } from '../stats/summary-schema.js';

const pts = (x: number | null) => (x === null ? '—' : (100 * x).toFixed(1));
const ci = (c: readonly [number, number] | null) => (c ? `[${pts(c[0])}, ${pts(c[1])}]` : '');

/** The console block of `stats --group-by a,b`: raw and partially pooled degradation per combination. */
export function intersectionsText(list: readonly Intersection[]): string {
  const lines: string[] = [];
  for (const x of list) {
    lines.push('');
    lines.push(
      `Intersections of ${x.keys.join(' × ')} — ${x.engine}, ${x.condition}: degradation (WER points), raw and partially pooled`,
    );
    if (x.model) {
      const sds = Object.entries(x.model.sd)
        .map(([k, v]) => `${k} ${pts(v)}`)
        .join(', ');
      lines.push(`  multilevel model: mean ${pts(x.model.intercept)}; random-effect SDs ${sds}`);
    } else lines.push('  multilevel model: could not be fitted (too few speakers)');
    for (const g of x.groups) {
      const mark = g.assessable ? '' : '  (below the minimum speakers/words: no verdict)';
      lines.push(
        `  ${g.group.padEnd(34)} ${String(g.speakers).padStart(3)} spk  raw ${pts(g.raw.value).padStart(5)} ${ci(g.raw.ci).padEnd(15)} pooled ${pts(g.pooled.value).padStart(5)} ${ci(g.pooled.ci)}${mark}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
