import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UtteranceRow } from '../results/types.js';
import type { Thresholds } from '../scenario/types.js';
import { quickCells, renderQuickTable } from './quick-table.js';

export interface SummaryOutcome {
  /** Printed after the run. */
  readonly table: string;
  /** Files written into the run folder. */
  readonly written: string[];
  /** True when the statistics flag a group and the thresholds say to fail. */
  readonly failed: boolean;
}

/**
 * Writes summary.json and renders the console table with the statistics module when it is
 * present (src/stats computeSummary, src/report renderConsoleTable); otherwise prints the
 * quick WER table and writes nothing else.
 */
export async function summarizeRun(
  out: string,
  rows: readonly UtteranceRow[],
  options: { groupBy: string; thresholds: Thresholds; outputs: readonly string[] },
): Promise<SummaryOutcome> {
  const stats = await optionalModule('../stats/index.js');
  const report = await optionalModule('../report/index.js');
  const compute = stats?.computeSummary as
    | ((r: readonly UtteranceRow[], o: unknown) => unknown)
    | undefined;
  const render = (report?.renderConsoleTable ?? stats?.renderConsoleTable) as
    | ((s: unknown) => string)
    | undefined;
  if (!compute)
    return {
      table: renderQuickTable(quickCells(rows, options.groupBy), options.groupBy),
      written: [],
      failed: false,
    };
  const summary = (await compute(rows, {
    groupBy: options.groupBy,
    thresholds: options.thresholds,
  })) as {
    failed?: boolean;
    flagged?: unknown[];
  };
  const written: string[] = [];
  if (options.outputs.includes('summary.json')) {
    await writeFile(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    written.push('summary.json');
  }
  const table = render
    ? render(summary)
    : renderQuickTable(quickCells(rows, options.groupBy), options.groupBy);
  const failed =
    options.thresholds.failOn === 'disproportionate' &&
    (summary.failed === true || (Array.isArray(summary.flagged) && summary.flagged.length > 0));
  return { table, written, failed };
}

async function optionalModule(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(path)) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}
