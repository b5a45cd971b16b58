import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LocatedError, UserError } from '../errors.js';
import { readJsonl } from '../scoring/jsonl.js';
import type { StatsRow } from './aggregate.js';

const rowSchema = z.looseObject({
  id: z.string(),
  speaker: z.string(),
  labels: z.record(z.string(), z.string()).default({}),
  condition: z.string(),
  engine: z.string(),
  reference: z.string(),
  hypothesis: z.string().nullable(),
  sweep: z
    .object({ base: z.string(), values: z.record(z.string(), z.union([z.number(), z.string()])) })
    .optional(),
});

/** Rows of an `utterances.jsonl`, checked for the fields statistics need. */
export async function readUtteranceRows(file: string): Promise<StatsRow[]> {
  const lines = await readJsonl(file);
  return lines.map(({ line, value }) => {
    const parsed = rowSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LocatedError(
        file,
        line,
        1,
        `${issue.path.join('.') || 'row'}: ${issue.message} (an utterances.jsonl row needs id, speaker, labels, condition, engine, reference, hypothesis)`,
      );
    }
    return parsed.data as StatsRow;
  });
}

export interface RunThresholds {
  readonly excessDegradation?: number;
  readonly alpha?: number;
  readonly failOn?: 'disproportionate' | 'never';
}

const thresholdsSchema = z.looseObject({
  excessDegradation: z.number().optional(),
  alpha: z.number().optional(),
  failOn: z.enum(['disproportionate', 'never']).optional(),
});

/** What `lastmile stats` takes from a run's `run.json`. */
export interface RunInfo {
  /** The thresholds the run recorded, and where in run.json they were found. */
  readonly thresholds?: { thresholds: RunThresholds; where: string };
  /** The planned condition order (clean first), for display; [] when not recorded. */
  readonly conditions: string[];
}

/**
 * Reads `<dir>/run.json` once: the thresholds, looked for at `scenario.thresholds`,
 * `thresholds`, or the first of `scenarios[].thresholds`, and the planned condition order.
 * Returns undefined when there is no run.json.
 */
export async function readRunInfo(dir: string): Promise<RunInfo | undefined> {
  const path = join(dir, 'run.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let run: Record<string, unknown>;
  try {
    run = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const planned = run['conditions'];
  const conditions = Array.isArray(planned)
    ? planned.filter((c): c is string => typeof c === 'string')
    : [];
  const scenario = run['scenario'] as Record<string, unknown> | undefined;
  const scenarios = run['scenarios'] as Record<string, unknown>[] | undefined;
  const candidates: [unknown, string][] = [
    [scenario?.['thresholds'], 'scenario.thresholds'],
    [run['thresholds'], 'thresholds'],
    [
      Array.isArray(scenarios) ? scenarios[0]?.['thresholds'] : undefined,
      'scenarios[0].thresholds',
    ],
  ];
  for (const [value, where] of candidates) {
    if (value === undefined || value === null) continue;
    const parsed = thresholdsSchema.safeParse(value);
    if (!parsed.success)
      throw new UserError(`${path}: ${where}: ${parsed.error.issues[0].message}`);
    return { thresholds: { thresholds: parsed.data, where: `${path} (${where})` }, conditions };
  }
  return { conditions };
}
