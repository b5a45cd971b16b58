import type { GateReport } from './evaluate.js';

/**
 * What a command prints about its gates on stderr: every breach (and error-unit fault) on a
 * line of its own, level first so CI logs can be grepped, then the verdict.
 */
export function gateLines(gates: GateReport, limit = 30): string {
  const lines: string[] = [];
  for (const c of gates.run)
    if (c.status === 'breach') lines.push(`${c.level}: whole run: ${c.message}`);
  for (const c of gates.cells) {
    const where = `${c.cell.engine} · ${c.cell.condition} · ${c.cell.group}`;
    if (c.outcome === 'error' && !c.checks.some((k) => k.status === 'breach'))
      lines.push(`error: ${where}: ${c.message}`);
    for (const k of c.checks)
      if (k.status === 'breach') lines.push(`${k.level}: ${where}: ${k.message}`);
  }
  const shown = lines.slice(0, limit);
  if (lines.length > limit)
    shown.push(`… and ${lines.length - limit} more (see junit.xml or report.html)`);
  shown.push(gates.verdict);
  return shown.map((l) => `lastmile: ${l}\n`).join('');
}
