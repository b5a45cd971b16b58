import { join } from 'node:path';

/** The files of one run folder (`results/<run-id>/`), named in one place. */
export interface RunFolder {
  readonly dir: string;
  /** Inputs, versions, hashes, thresholds and sessions: see run-json.ts. */
  readonly runJson: string;
  /** One row per (clip × condition × engine) unit, appended as units finish: see row.ts. */
  readonly utterances: string;
  /** The statistics, written by the analysis step (`run` and `stats`). */
  readonly summary: string;
}

export function runFolder(dir: string): RunFolder {
  return {
    dir,
    runJson: join(dir, 'run.json'),
    utterances: join(dir, 'utterances.jsonl'),
    summary: join(dir, 'summary.json'),
  };
}
