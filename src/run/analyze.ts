import { renderConsoleTable } from '../report/console-table.js';
import { DEFAULT_GROUP_BY, DEFAULT_THRESHOLDS, type Thresholds } from '../results/defaults.js';
import { type RunFolder, runFolder } from '../results/folder.js';
import type { UtteranceRow } from '../results/row.js';
import type { RunJson } from '../results/run-json.js';
import { writeSummary } from '../results/summary-file.js';
import { readAllUtterances } from '../results/utterances.js';
import { toolVersion } from '../results/version.js';
import type { KeywordList } from '../scoring/keywords.js';
import type { Normalizer } from '../scoring/normalize.js';
import type { ResamplingUnit } from '../stats/aggregate.js';
import { computeSummary } from '../stats/compute.js';
import type { Summary } from '../stats/summary-schema.js';

/** What the statistics may be told beyond the run's own record (the `stats` command's flags). */
export interface AnalysisOverrides {
  readonly groupBy?: string;
  readonly thresholds?: Partial<Thresholds>;
  readonly normalizer?: Normalizer;
  readonly multipleTesting?: 'maxT' | 'holm';
  readonly permutations?: number;
  readonly seed?: number;
  readonly minSpeakers?: number;
  readonly minRefWords?: number;
  readonly unit?: ResamplingUnit;
  /** A keyword list over run.json's (`stats --keywords`). */
  readonly keywords?: KeywordList;
}

/** What the gate concluded: passed, failed (a group flagged and failOn says so), or nothing to tell. */
export type Verdict = 'passed' | 'failed' | 'nothing-tested';

export interface Analysis {
  readonly summary: Summary;
  /** The console table, ending with the outcome line. */
  readonly table: string;
  /** Files written into the run folder. */
  readonly written: readonly string[];
  readonly verdict: Verdict;
  /** One line saying the verdict, e.g. `2 groups disproportionate (failOn: disproportionate)`. */
  readonly message: string;
}

/**
 * The one analysis step, shared by `lastmile run` (over the rows it kept as it wrote them)
 * and `lastmile stats` (over the rows read once from the folder): statistics, then the
 * gate, then summary.json and the other outputs, then the console table. The settings come
 * from run.json the same way for both, so the same folder gives the same summary.json.
 */
export async function analyzeRun(input: {
  readonly folder: RunFolder;
  readonly rows: readonly UtteranceRow[];
  readonly runJson: RunJson | undefined;
  readonly outputs: readonly string[];
  readonly overrides?: AnalysisOverrides;
}): Promise<Analysis> {
  const { folder, rows, runJson, overrides = {} } = input;
  const given = overrides.thresholds ?? {};
  const thresholds = { ...DEFAULT_THRESHOLDS, ...runJson?.thresholds, ...given };
  const fromFlags = Object.values(given).some((v) => v !== undefined);
  const recorded = runJson ? 'run.json thresholds' : 'defaults';
  const computed = computeSummary(canonicalOrder(rows), {
    conditionOrder: runJson?.conditions ?? [],
    groupBy: overrides.groupBy ?? runJson?.corpus.groupBy ?? DEFAULT_GROUP_BY,
    excessDegradationPoints: thresholds.excessDegradation,
    alpha: thresholds.alpha,
    failOn: thresholds.failOn,
    thresholdsSource: fromFlags ? `command line, over ${recorded}` : recorded,
    ...(overrides.normalizer && { normalizer: overrides.normalizer }),
    ...(overrides.multipleTesting && { multipleTesting: overrides.multipleTesting }),
    ...(overrides.permutations !== undefined && { permutations: overrides.permutations }),
    ...(overrides.seed !== undefined && { seed: overrides.seed }),
    ...(overrides.minSpeakers !== undefined && { minSpeakers: overrides.minSpeakers }),
    ...(overrides.minRefWords !== undefined && { minRefWords: overrides.minRefWords }),
    ...(overrides.unit && { unit: overrides.unit }),
    ...((overrides.keywords ?? runJson?.keywords) && {
      keywords: overrides.keywords ?? runJson!.keywords!,
    }),
    toolVersion: toolVersion().version,
  });
  const { summary, verdict } = gate(computed);
  const written: string[] = [];
  if (input.outputs.includes('summary.json')) {
    await writeSummary(folder.summary, summary);
    written.push('summary.json');
  }
  return {
    summary,
    table: renderConsoleTable(summary),
    written,
    verdict,
    message: summary.outcome.reason,
  };
}

/**
 * Rows by unit key, file order kept within a unit (a stable sort): the statistics sum floats
 * and resample in row order, and rows arrive in completion order — which differs between
 * runs with concurrency, between shards merged and one whole run, and between queue workers.
 * Sorted, the same units give the same summary.json byte for byte however they were run.
 */
function canonicalOrder(rows: readonly UtteranceRow[]): UtteranceRow[] {
  return [...rows].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

/** `analyzeRun` over a folder on disk: its run.json (when there is one) and every row, read once. */
export async function analyzeFolder(
  dir: string,
  runJson: RunJson | undefined,
  outputs: readonly string[],
  overrides?: AnalysisOverrides,
): Promise<Analysis> {
  const folder = runFolder(dir);
  const rows = await readAllUtterances(folder.utterances);
  return analyzeRun({ folder, rows, runJson, outputs, ...(overrides && { overrides }) });
}

/**
 * The verdict over a summary: the statistics' own outcome, except that a folder where no unit
 * has a transcript says exactly that, never that no group is
 * disproportionate — which would pass a gate on no evidence.
 */
function gate(summary: Summary): { summary: Summary; verdict: Verdict } {
  const scored = summary.input.rows - summary.input.errored > 0;
  if (!scored) {
    const reason =
      summary.input.rows === 0
        ? 'nothing tested: utterances.jsonl has no rows'
        : `nothing tested: none of the ${summary.input.rows} units has a transcript (every engine call failed)`;
    const outcome = {
      ...summary.outcome,
      status: 'nothing tested' as const,
      failed: false,
      reason,
    };
    return { summary: { ...summary, outcome }, verdict: 'nothing-tested' };
  }
  const verdict = summary.outcome.failed
    ? 'failed'
    : summary.outcome.status === 'nothing tested'
      ? 'nothing-tested'
      : 'passed';
  return { summary, verdict };
}
