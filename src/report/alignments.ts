import type { UtteranceRow } from '../results/row.js';
import { type AlignedPair, align } from '../scoring/align.js';
import type { Normalizer } from '../scoring/normalize.js';
import { groupLabel } from '../text/group-label.js';

/** One utterance aligned for reading: what was said, what was heard, and each error. */
export interface AlignedUtterance {
  readonly unit: string;
  readonly id: string;
  readonly speaker: string;
  readonly group: string;
  readonly condition: string;
  readonly engine: string;
  /** null: the engine call failed (an error unit — missing data, not scored). */
  readonly counts: {
    readonly hits: number;
    readonly substitutions: number;
    readonly deletions: number;
    readonly insertions: number;
    readonly refWords: number;
  } | null;
  readonly pairs: readonly AlignedPair[];
  readonly error?: string;
}

/** Normalises and aligns one row with the scoring's aligner (sclite's costs). */
export function alignRow(
  row: UtteranceRow,
  normalizer: Normalizer,
  groupBy: string,
): AlignedUtterance {
  const base = {
    unit: row.unit,
    id: row.id,
    speaker: row.speaker,
    group: groupLabel(row.labels, groupBy),
    condition: row.condition,
    engine: row.engine,
  };
  if (row.hypothesis === null || row.hypothesis === undefined)
    return { ...base, counts: null, pairs: [], error: row.error ?? 'no hypothesis' };
  const a = align(normalizer.words(row.reference), normalizer.words(row.hypothesis));
  return {
    ...base,
    counts: {
      hits: a.hits,
      substitutions: a.substitutions,
      deletions: a.deletions,
      insertions: a.insertions,
      refWords: a.refWords,
    },
    pairs: a.pairs,
  };
}

/** The JSONL file: one aligned utterance per line. */
export function alignmentsJsonl(aligned: Iterable<AlignedUtterance>): string {
  let out = '';
  for (const a of aligned) out += `${JSON.stringify(a)}\n`;
  return out;
}

/**
 * sclite's `.pra` layout: per utterance an `id:` line, `Scores: (#C #S #D #I)`, then REF and
 * HYP in aligned columns — correct words lower case, errors upper case, `***` where a word is
 * missing on one side — and an `Eval:` line marking S, D and I.
 */
export function alignmentsPra(aligned: Iterable<AlignedUtterance>, header: string): string {
  let out = praHeader(header);
  for (const a of aligned) out += praBlock(a);
  return out;
}

/** The .pra file's first lines. */
export function praHeader(header: string): string {
  return `${header}\n\n`;
}

/** One utterance's lines of the .pra file. */
export function praBlock(a: AlignedUtterance): string {
  // sclite names an utterance (speaker-id); clip ids often start with their speaker already.
  const id = a.id.startsWith(a.speaker) ? a.id : `${a.speaker}-${a.id}`;
  const lines = [`id: (${id}) ${a.engine} · ${a.condition} · ${a.group}`];
  if (!a.counts) return `${[...lines, `Error: ${a.error}`, ''].join('\n')}\n`;
  const c = a.counts;
  lines.push(`Scores: (#C #S #D #I) ${c.hits} ${c.substitutions} ${c.deletions} ${c.insertions}`);
  const ref: string[] = [];
  const hyp: string[] = [];
  const ev: string[] = [];
  for (const p of a.pairs) {
    const r = p.op === 'C' ? (p.ref ?? '') : p.ref ? p.ref.toUpperCase() : '***';
    const h = p.op === 'C' ? (p.hyp ?? '') : p.hyp ? p.hyp.toUpperCase() : '***';
    const w = Math.max(r.length, h.length, 1);
    ref.push(r.padEnd(w));
    hyp.push(h.padEnd(w));
    ev.push((p.op === 'C' ? '' : p.op).padEnd(w));
  }
  lines.push(
    `REF:  ${ref.join(' ').trimEnd()}`,
    `HYP:  ${hyp.join(' ').trimEnd()}`,
    `Eval: ${ev.join(' ').trimEnd()}`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
