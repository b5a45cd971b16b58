import { z } from 'zod';

/** The key of one work unit, as in `UtteranceRow.unit`: unique within a run. */
export function unitKey(condition: string, engine: string, clipId: string): string {
  return `${condition}|${engine}|${clipId}`;
}

/**
 * One line of `utterances.jsonl`: one (clip × condition × engine) work unit. Written by
 * `lastmile run` as each unit completes; read by scoring, statistics and reports. A failed
 * engine call has `hypothesis: null` and an `error`: it is missing data, never scored.
 */
export interface UtteranceRow {
  /** `${condition}|${engine}|${id}` — unique within a run; resume skips units already present. */
  readonly unit: string;
  /** Clip id from the manifest. */
  readonly id: string;
  readonly speaker: string;
  /** Group labels of the clip (accent first), e.g. { accent: 'synthetic/th-stopping' }. */
  readonly labels: Readonly<Record<string, string>>;
  /** Condition name; `clean` is the implicit baseline. Swept conditions are `base@var=value`. */
  readonly condition: string;
  /** For swept conditions: base name and the swept values (for severity curves). */
  readonly sweep?: {
    readonly base: string;
    readonly values: Readonly<Record<string, number | string>>;
  };
  readonly engine: string;
  /** Scenario the condition comes from (absent for clean). */
  readonly scenario?: string;
  readonly reference: string;
  /** null when the engine call failed (see `error`). */
  readonly hypothesis: string | null;
  readonly error?: string;
  /** Perturbation parameters as drawn for this clip, step by step. */
  readonly params?: readonly Readonly<Record<string, unknown>>[];
  /** Notes raised while perturbing (e.g. clipping). */
  readonly notes?: Readonly<Record<string, unknown>>;
  /** sha256 of the 16-bit PCM audio sent to the engine. */
  readonly audioSha256?: string;
  readonly latencyMs?: number;
  readonly cached?: boolean;
  /** Engine calls made for this unit (1 + retries); 0 on a cache hit. */
  readonly attempts?: number;
}

/**
 * The row as validated on reading. Fields a later version adds pass through unchecked; the
 * unit key must agree with the row's own condition, engine and clip id, which is what tells
 * an utterances.jsonl of a run from some other JSON Lines file.
 */
export const utteranceRowSchema: z.ZodType<UtteranceRow> = z
  .looseObject({
    unit: z.string().min(1),
    id: z.string().min(1),
    speaker: z.string(),
    labels: z.record(z.string(), z.string()),
    condition: z.string().min(1),
    sweep: z
      .object({
        base: z.string(),
        values: z.record(z.string(), z.union([z.number(), z.string()])),
      })
      .optional(),
    engine: z.string().min(1),
    scenario: z.string().optional(),
    reference: z.string(),
    hypothesis: z.string().nullable(),
    error: z.string().optional(),
    params: z.array(z.record(z.string(), z.unknown())).optional(),
    notes: z.record(z.string(), z.unknown()).optional(),
    audioSha256: z.string().optional(),
    latencyMs: z.number().optional(),
    cached: z.boolean().optional(),
    attempts: z.number().int().min(0).optional(),
  })
  .refine((row) => row.unit === unitKey(row.condition, row.engine, row.id), {
    path: ['unit'],
    message: 'does not match condition|engine|id',
  });

/** The fields a row must have, for messages about rows that lack them. */
export const REQUIRED_ROW_FIELDS =
  'unit, id, speaker, labels, condition, engine, reference, hypothesis';
