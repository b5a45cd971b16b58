import type { UtteranceRow } from '../results/types.js';
import { getNormalizer } from '../scoring/normalize.js';
import { addScore, corpusWer, emptyTotals, scoreText, type TotalCounts } from '../scoring/wer.js';

export interface QuickCell {
  readonly engine: string;
  readonly condition: string;
  readonly group: string;
  readonly totals: TotalCounts;
  readonly errors: number;
  readonly wer: number | null;
}

/**
 * Corpus WER per engine × condition × group from rows, with error units counted apart (they
 * are missing data, not 100 % WER). A first look printed after a run; the statistics proper
 * (intervals, significance) live in src/stats.
 */
export function quickCells(rows: Iterable<UtteranceRow>, groupBy: string): QuickCell[] {
  const normalizer = getNormalizer('en-basic');
  const cells = new Map<
    string,
    { engine: string; condition: string; group: string; totals: TotalCounts; errors: number }
  >();
  for (const row of rows) {
    const group = row.labels[groupBy] ?? '(unlabelled)';
    const key = JSON.stringify([row.engine, row.condition, group]);
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        engine: row.engine,
        condition: row.condition,
        group,
        totals: emptyTotals(),
        errors: 0,
      };
      cells.set(key, cell);
    }
    if (row.hypothesis === null) cell.errors++;
    else addScore(cell.totals, scoreText(normalizer, row.reference, row.hypothesis));
  }
  return [...cells.values()].map((c) => ({ ...c, wer: corpusWer(c.totals) }));
}

/** A plain table: one row per group, one column per condition, per engine. */
export function renderQuickTable(cells: readonly QuickCell[], groupBy: string): string {
  const out: string[] = [];
  const engines = [...new Set(cells.map((c) => c.engine))];
  for (const engine of engines) {
    const mine = cells.filter((c) => c.engine === engine);
    const conditions = [...new Set(mine.map((c) => c.condition))];
    const groups = [...new Set(mine.map((c) => c.group))].sort();
    const header = [groupBy, ...conditions];
    const body = groups.map((g) => [
      g,
      ...conditions.map((cond) => {
        const cell = mine.find((c) => c.group === g && c.condition === cond);
        if (!cell) return '';
        const wer = cell.wer === null ? '–' : `${(100 * cell.wer).toFixed(1)}%`;
        return cell.errors ? `${wer} (${cell.errors} err)` : wer;
      }),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (r: string[]) =>
      r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
    out.push(
      `WER by ${groupBy} — ${engine}`,
      line(header),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...body.map(line),
      '',
    );
  }
  return out.join('\n');
}
