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

/**
 * Thresholds recorded in `<dir>/run.json` (the scenario's `thresholds`), looked for at
 * `scenario.thresholds`, `thresholds`, or the first of `scenarios[].thresholds`. Returns
 * undefined when there is no run.json or it records none.
 */
export async function readRunThresholds(
  dir: string,
): Promise<{ thresholds: RunThresholds; where: string } | undefined> {
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
    return { thresholds: parsed.data, where: `${path} (${where})` };
  }
  return undefined;
}

/** The planned condition order recorded in `<dir>/run.json`, or [] when there is none. */
export async function readRunConditionOrder(dir: string): Promise<string[]> {
  try {
    const run = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as {
      conditions?: unknown;
    };
    return Array.isArray(run.conditions)
      ? run.conditions.filter((c): c is string => typeof c === 'string')
      : [];
  } catch {
    return [];
  }
}
