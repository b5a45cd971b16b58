import { join } from 'node:path';
import { renderConsoleTable } from '../report/console-table.js';
import { writeSummary } from '../report/summary.js';
import type { UtteranceRow } from '../results/types.js';
import type { Thresholds } from '../scenario/types.js';
import { computeSummary } from '../stats/compute.js';
import type { OutcomeStatus } from '../stats/summary-schema.js';

export interface SummaryOutcome {
  /** Printed after the run. */
  readonly table: string;
  /** Files written into the run folder. */
  readonly written: string[];
  /** True when a group is flagged and the thresholds say to fail. */
  readonly failed: boolean;
  /** Which verdict the run reached; `nothing tested` exits with EXIT.nothingTested. */
  readonly status: OutcomeStatus;
  readonly reason: string;
}

/**
 * The statistics of a finished run (src/stats computeSummary, the same as `lastmile stats`):
 * writes summary.json when the outputs ask for it and renders the console table.
 */
export async function summarizeRun(
  out: string,
  rows: readonly UtteranceRow[],
  options: {
    groupBy: string;
    thresholds: Thresholds;
    outputs: readonly string[];
    /** The run's planned condition order (clean first), for display. */
    conditionOrder: readonly string[];
    toolVersion?: string;
  },
): Promise<SummaryOutcome> {
  const summary = computeSummary(rows, {
    conditionOrder: options.conditionOrder,
    groupBy: options.groupBy,
    excessDegradationPoints: options.thresholds.excessDegradation,
    alpha: options.thresholds.alpha,
    failOn: options.thresholds.failOn,
    thresholdsSource: 'run.json thresholds',
    ...(options.toolVersion && { toolVersion: options.toolVersion }),
  });
  const written: string[] = [];
  if (options.outputs.includes('summary.json')) {
    await writeSummary(join(out, 'summary.json'), summary);
    written.push('summary.json');
  }
  return {
    table: renderConsoleTable(summary),
    written,
    failed: summary.outcome.failed,
    status: summary.outcome.status,
    reason: summary.outcome.reason,
  };
}
