import type { UtteranceRow } from './row.js';

/**
 * What a finished run should tell its user about its rows beyond the table: engines that
 * returned an empty transcript for speech (scored as every word deleted — honest, but most
 * often a broken engine, not a finding), the commonest causes of error units, and warnings
 * perturbations noted (near-silent clips raised by a large gain). One line each, counted, for
 * stderr.
 */
export function runWarnings(rows: Iterable<UtteranceRow>): string[] {
  const warnings = new RunWarnings();
  for (const row of rows) warnings.add(row);
  return warnings.lines();
}

/**
 * `runWarnings` row by row, for rows streamed from a folder: what it keeps grows with the
 * engines, the kinds of error and of warning, never with the rows.
 */
export class RunWarnings {
  private readonly empty = new Map<string, { empty: number; scored: number }>();
  private readonly noted = new Map<string, { count: number; example: string }>();
  private readonly errors = new Map<string, { count: number; example: string }>();

  add(row: UtteranceRow): void {
    const { empty, noted, errors } = this;
    if (row.error) {
      // Counted by their wording with numbers blanked: "transcript of 59 characters" and "of 60" are one cause.
      const cause = `${row.engine}\0${row.error.replace(/\d+/g, '#')}`;
      const e = errors.get(cause) ?? {
        count: 0,
        example: `${row.engine} · ${row.condition} · ${row.id}: ${row.error}`,
      };
      e.count++;
      errors.set(cause, e);
    }
    if (typeof row.hypothesis === 'string' && row.reference.trim() !== '') {
      const e = empty.get(row.engine) ?? { empty: 0, scored: 0 };
      e.scored++;
      if (row.hypothesis.trim() === '') e.empty++;
      empty.set(row.engine, e);
    }
    for (const [key, value] of Object.entries(row.notes ?? {})) {
      if (!key.endsWith('.warning')) continue;
      const kind = key.replace(/^\d+\./, '');
      const n = noted.get(kind) ?? { count: 0, example: `${row.condition}/${row.id}: ${value}` };
      n.count++;
      noted.set(kind, n);
    }
  }

  lines(): string[] {
    const { empty, noted, errors } = this;
    const lines: string[] = [];
    for (const [engine, { empty: n, scored }] of empty)
      if (n > 0)
        lines.push(
          `${engine} returned an empty transcript for ${n} of ${scored} units with speech; each counts as every reference word deleted (100 % WER)${n === scored ? ' — every unit: is the engine working?' : ''}`,
        );
    const causes = [...errors.values()].sort((a, b) => b.count - a.count);
    for (const { count, example } of causes.slice(0, 3))
      lines.push(
        `${count} error unit${count === 1 ? '' : 's'} like ${example.length > 300 ? `${example.slice(0, 300)}…` : example}`,
      );
    if (causes.length > 3)
      lines.push(`${causes.length - 3} more kinds of error: see "error" in utterances.jsonl`);
    for (const [kind, { count, example }] of noted)
      lines.push(`${kind}: ${count} unit${count === 1 ? '' : 's'}, e.g. ${example}`);
    return lines;
  }
}
