import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { readRunContext } from '../report/run-context.js';
import { DEFAULT_GROUP_BY } from '../results/defaults.js';
import { runFolder } from '../results/folder.js';
import { readAllUtterances } from '../results/utterances.js';
import type { CompareRun } from './pair-runs.js';

const DEFAULT_NORMALIZER = 'en-basic@1';

/** Reads one run folder for `compare` (through src/results): rows, run.json, the summary's normaliser. */
export async function loadCompareRun(dir: string): Promise<CompareRun> {
  const folder = runFolder(dir);
  if (!existsSync(dir)) throw new UserError(`${dir}: no such results folder`);
  if (!existsSync(folder.utterances))
    throw new UserError(`${dir}: no utterances.jsonl — not a lastmile results folder`);
  // Compare reads transcripts and hashes, never the drawn parameters or notes.
  const rows = await readAllUtterances(folder.utterances, { omit: ['params', 'notes'] });
  const context = await readRunContext(dir);
  let normalizer = DEFAULT_NORMALIZER;
  let groupBy = DEFAULT_GROUP_BY;
  try {
    const summary = JSON.parse(await readFile(folder.summary, 'utf8')) as {
      methods?: { normalizer?: { id?: string }; groupBy?: string };
    };
    normalizer = summary.methods?.normalizer?.id ?? normalizer;
    groupBy = summary.methods?.groupBy ?? groupBy;
  } catch {
    // no summary.json: the run was scored with the defaults
  }
  return { dir, context, rows, normalizer, groupBy };
}
