import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { runFolder } from '../results/folder.js';
import { type RunJson, readRunJson } from '../results/run-json.js';
import { readSlices } from '../slices/file.js';
import { SUMMARY_SCHEMA_VERSION, type Summary, summarySchema } from '../stats/summary-schema.js';
import { type RunContext, runContextOf } from './run-context.js';
import { buildReportView, type ReportView } from './view-model.js';

/**
 * Everything a report is built from: the summary's view, the run's context, and where its
 * rows are — read by the parts that need rows (examples, error messages, alignments) one at a
 * time through src/results' reader, never held all at once.
 */
export interface ReportInputs {
  readonly dir: string;
  readonly summary: Summary;
  readonly view: ReportView;
  readonly context: RunContext;
  /** The folder's utterances.jsonl. */
  readonly utterances: string;
  /** Set when summary.json was missing or of another schema and was recomputed from the rows. */
  readonly recomputed?: string;
}

/**
 * The run's analysis step over the folder (src/run/analyze.ts `analyzeFolder`), handed in by
 * the caller to recompute a summary.
 */
export type Recompute = (runJson: RunJson | undefined) => Promise<Summary>;

/**
 * Reads a finished run folder for reporting, through src/results. summary.json is used as
 * written when its schema is this version's (or `given` is used); otherwise — missing, or
 * written by another version of lastmile — it is recomputed from utterances.jsonl by
 * `recompute`, and the report says so. Without utterances.jsonl there is nothing to report.
 */
export async function loadReportInputs(
  dir: string,
  options: { readonly summary?: Summary; readonly recompute?: Recompute } = {},
): Promise<ReportInputs> {
  const folder = runFolder(dir);
  if (!existsSync(dir)) throw new UserError(`${dir}: no such results folder`);
  if (!existsSync(folder.utterances))
    throw new UserError(
      `${dir}: no utterances.jsonl — not a lastmile results folder, or the run wrote no rows yet`,
    );
  const runJson = await readRunJson(folder.runJson);
  const context = await runContextOf(dir, runJson, folder.runJson);
  let summary = options.summary;
  let recomputed: string | undefined;
  if (!summary) {
    const found = await readSummaryFile(folder.summary);
    if (found.summary) summary = found.summary;
    else {
      if (!options.recompute)
        throw new UserError(`${folder.summary}: ${found.why}; run \`lastmile stats ${dir}\` first`);
      recomputed = `${found.why}; the statistics were recomputed from utterances.jsonl`;
      summary = await options.recompute(runJson);
    }
  }
  return {
    dir,
    summary,
    view: buildReportView(summary, await readSlices(dir)),
    context,
    utterances: folder.utterances,
    ...(recomputed && { recomputed }),
  };
}

async function readSummaryFile(path: string): Promise<{ summary?: Summary; why: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { why: 'summary.json is missing' };
  }
  let json: { schemaVersion?: unknown };
  try {
    json = JSON.parse(text) as { schemaVersion?: unknown };
  } catch {
    return { why: 'summary.json is not valid JSON' };
  }
  if (json.schemaVersion !== SUMMARY_SCHEMA_VERSION)
    return {
      why: `summary.json has schema version ${String(json.schemaVersion)} (this lastmile reads ${SUMMARY_SCHEMA_VERSION})`,
    };
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success)
    return {
      why: `summary.json does not match its schema (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`,
    };
  return { summary: parsed.data, why: '' };
}
