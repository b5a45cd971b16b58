import { renderConsoleTable } from '../report/console-table.js';
import { DEFAULT_GROUP_BY, DEFAULT_THRESHOLDS, type Thresholds } from '../results/defaults.js';
import { type RunFolder, runFolder } from '../results/folder.js';
import type { RunJson } from '../results/run-json.js';
import { writeSummary } from '../results/summary-file.js';
import { readUtterances } from '../results/utterances.js';
import { toolVersion } from '../results/version.js';
import type { KeywordList } from '../scoring/keywords.js';
import { getNormalizer, type Normalizer } from '../scoring/normalize.js';
import type { ResamplingUnit } from '../stats/aggregate.js';
import { computeSummaryOfScored } from '../stats/compute.js';
import type { Summary } from '../stats/summary-schema.js';
import { RowTally } from './tally.js';

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
 * The one analysis step, shared by `lastmile run` and `merge` (over the tally they kept as
 * they wrote the rows) and `lastmile stats` (over the rows streamed once from the folder):
 * statistics, then the gate, then summary.json and the other outputs, then the console
 * table. The settings come from run.json the same way for all, so the same folder gives the
 * same summary.json. Rows are never all held: the tally keeps counts per unit.
 */
export async function analyzeRun(input: {
  /** The rows as counts per unit: kept while they were written, or streamed from a folder. */
  readonly tally: RowTally;
  readonly folder: RunFolder;
  readonly runJson: RunJson | undefined;
  readonly outputs: readonly string[];
  readonly overrides?: AnalysisOverrides;
}): Promise<Analysis> {
  const { folder, runJson, tally, overrides = {} } = input;
  const given = overrides.thresholds ?? {};
  const thresholds = { ...DEFAULT_THRESHOLDS, ...runJson?.thresholds, ...given };
  const fromFlags = Object.values(given).some((v) => v !== undefined);
  const recorded = runJson ? 'run.json thresholds' : 'defaults';
  const groupBy = overrides.groupBy ?? runJson?.corpus.groupBy ?? DEFAULT_GROUP_BY;
  const normalizer = overrides.normalizer ?? getNormalizer('en-basic');
  const keywords = overrides.keywords ?? runJson?.keywords;
  if (
    tally.groupBy !== groupBy ||
    tally.normalizer.id !== normalizer.id ||
    JSON.stringify(tally.keywords?.terms) !== JSON.stringify(keywords?.terms)
  )
    throw new Error(
      `internal: the tally groups by ${tally.groupBy} with ${tally.normalizer.id} and ${tally.keywords?.terms.length ?? 'no'} keywords, the analysis wants ${groupBy} with ${normalizer.id} and ${keywords?.terms.length ?? 'no'}`,
    );
  const computed = computeSummaryOfScored(tally.scored(), {
    conditionOrder: runJson?.conditions ?? [],
    groupBy,
    normalizer,
    excessDegradationPoints: thresholds.excessDegradation,
    alpha: thresholds.alpha,
    failOn: thresholds.failOn,
    thresholdsSource: fromFlags ? `command line, over ${recorded}` : recorded,
    ...(overrides.multipleTesting && { multipleTesting: overrides.multipleTesting }),
    ...(overrides.permutations !== undefined && { permutations: overrides.permutations }),
    ...(overrides.seed !== undefined && { seed: overrides.seed }),
    ...(overrides.minSpeakers !== undefined && { minSpeakers: overrides.minSpeakers }),
    ...(overrides.minRefWords !== undefined && { minRefWords: overrides.minRefWords }),
    ...(overrides.unit && { unit: overrides.unit }),
    ...(keywords && { keywords }),
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
 * `analyzeRun` over a folder on disk: its run.json (when there is one) and its rows, streamed
 * once into a tally with the analysis' grouping and normaliser.
 */
export async function analyzeFolder(
  dir: string,
  runJson: RunJson | undefined,
  outputs: readonly string[],
  overrides?: AnalysisOverrides,
): Promise<Analysis> {
  const folder = runFolder(dir);
  const tally = new RowTally(
    overrides?.groupBy ?? runJson?.corpus.groupBy ?? DEFAULT_GROUP_BY,
    overrides?.normalizer ?? getNormalizer('en-basic'),
    overrides?.keywords ?? runJson?.keywords,
  );
  for await (const row of readUtterances(folder.utterances)) tally.add(row);
  return analyzeRun({ folder, tally, runJson, outputs, ...(overrides && { overrides }) });
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
