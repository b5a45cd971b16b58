import { z } from 'zod';

/**
 * The shape of `summary.json`. The committed JSON Schema (schemas/summary.schema.json) is
 * generated from this; bump SUMMARY_SCHEMA_VERSION on any incompatible change.
 *
 * Units: every WER, degradation and excess is a fraction (0.05 = 5 %); thresholds given in
 * WER points are named `…Points`. Raw counts are kept at speaker level so shards and runs
 * can be merged exactly and every figure recomputed.
 */
export const SUMMARY_SCHEMA_VERSION = 1;

const fraction = z.number().meta({ description: 'A fraction: 0.05 = 5 %' });
const interval = z
  .tuple([z.number(), z.number()])
  .nullable()
  .meta({ description: 'Lower and upper bound of the confidence interval; null if not estimable' });

export const countsSchema = z
  .strictObject({
    utterances: z.int().min(0).meta({ description: 'Scored utterances' }),
    refWords: z.int().min(0),
    hits: z.int().min(0),
    substitutions: z.int().min(0),
    deletions: z.int().min(0),
    insertions: z.int().min(0),
    errors: z.int().min(0).meta({ description: 'substitutions + deletions + insertions' }),
    utterancesWithWords: z
      .int()
      .min(0)
      .meta({ description: 'Utterances with a non-empty reference (denominator of the mean)' }),
    sumUtteranceWer: z
      .number()
      .min(0)
      .meta({ description: 'Sum of per-utterance WERs over utterancesWithWords' }),
  })
  .meta({ id: 'Counts', description: 'Summed alignment counts: add them to merge' });

const coverageSchema = z
  .strictObject({
    units: z.int().min(0).meta({ description: 'Units (clips) seen under this condition' }),
    errored: z.int().min(0).meta({ description: 'Units whose engine call failed (no hypothesis)' }),
    baselineMissing: z
      .int()
      .min(0)
      .meta({ description: 'Units without a scored clean counterpart (excluded from pairing)' }),
    scored: z.int().min(0).meta({ description: 'Units included in the statistics' }),
    complete: z.boolean().meta({ description: 'Every unit was scored and paired' }),
  })
  .meta({ id: 'Coverage' });

const speakerSchema = z
  .strictObject({
    speaker: z.string(),
    baseline: countsSchema.nullable(),
    condition: countsSchema,
  })
  .meta({ id: 'SpeakerCounts', description: 'One speaker, paired clips only' });

const estimateSchema = z
  .strictObject({ value: fraction.nullable(), ci: interval })
  .meta({ id: 'Estimate' });

const testSchema = z
  .strictObject({
    p: z.number().min(0).max(1),
    pHolm: z.number().min(0).max(1),
    rejected: z.boolean().meta({ description: 'pHolm ≤ alpha' }),
  })
  .meta({ id: 'Test' });

const modelSchema = z
  .strictObject({
    ratio: z.number().nullable().meta({
      description:
        'exp(group × condition interaction): how many times more this group’s WER grows under the condition than the other groups’ WER does',
    }),
    ci: interval,
    p: z.number().min(0).max(1).nullable(),
    pHolm: z.number().min(0).max(1).nullable(),
    rejected: z.boolean(),
    note: z.string().nullable(),
  })
  .meta({ id: 'ModelEstimate' });

export const verdictSchema = z
  .enum(['disproportionate', 'not disproportionate', 'insufficient data', 'baseline'])
  .meta({ description: '`baseline` for the clean condition itself (WER only, nothing to test)' });

const groupSchema = z
  .strictObject({
    group: z.string(),
    speakers: z.int().min(0),
    coverage: coverageSchema,
    baseline: countsSchema.nullable().meta({ description: 'Clean counts on the paired clips' }),
    condition: countsSchema,
    wer: estimateSchema.meta({ description: 'Corpus WER under the condition' }),
    baselineWer: estimateSchema.nullable(),
    meanUtteranceWer: z.strictObject({
      baseline: fraction.nullable(),
      condition: fraction.nullable(),
    }),
    speakerWer: z
      .strictObject({
        min: fraction.nullable(),
        median: fraction.nullable(),
        max: fraction.nullable(),
      })
      .meta({ description: 'Distribution of per-speaker corpus WER under the condition' }),
    degradation: estimateSchema.nullable(),
    relativeDegradation: z
      .number()
      .nullable()
      .meta({ description: 'degradation / baseline WER; null when the baseline WER is 0' }),
    excess: estimateSchema.nullable().meta({ description: 'degradation − pooled degradation' }),
    gapToBest: estimateSchema
      .nullable()
      .meta({ description: 'degradation − the smallest degradation among assessable groups' }),
    test: testSchema.nullable(),
    model: modelSchema.nullable(),
    verdict: verdictSchema,
    reason: z.string(),
    perSpeaker: z.array(speakerSchema),
  })
  .meta({ id: 'GroupResult' });

const sweepSchema = z
  .strictObject({
    base: z.string(),
    values: z.record(z.string(), z.union([z.number(), z.string()])),
  })
  .meta({ id: 'SweepPoint' });

const cellSchema = z
  .strictObject({
    engine: z.string(),
    condition: z.string(),
    isBaseline: z.boolean(),
    sweep: sweepSchema.nullable(),
    pooled: z.strictObject({
      speakers: z.int().min(0),
      coverage: coverageSchema,
      baseline: countsSchema.nullable(),
      condition: countsSchema,
      wer: fraction.nullable(),
      baselineWer: fraction.nullable(),
      degradation: fraction.nullable(),
    }),
    groups: z.array(groupSchema),
  })
  .meta({ id: 'Cell', description: 'One engine × condition' });

const curveSchema = z
  .strictObject({
    engine: z.string(),
    base: z.string(),
    parameters: z.array(z.string()),
    groups: z.array(
      z.strictObject({
        group: z.string(),
        points: z.array(
          z.strictObject({
            condition: z.string(),
            values: z.record(z.string(), z.union([z.number(), z.string()])),
            wer: estimateSchema,
            degradation: estimateSchema.nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'SweepCurve', description: 'Per-group WER over a swept severity' });

const engineDiffSchema = z
  .strictObject({
    engineA: z.string(),
    engineB: z.string(),
    condition: z.string(),
    group: z.string().meta({ description: 'A group, or "(all)" for every group together' }),
    speakers: z.int().min(0),
    clips: z.int().min(0).meta({ description: 'Clips scored for both engines' }),
    a: countsSchema,
    b: countsSchema,
    difference: estimateSchema.meta({ description: 'WER(engineA) − WER(engineB), same clips' }),
  })
  .meta({ id: 'EngineDifference' });

const methodsSchema = z.strictObject({
  normalizer: z.strictObject({
    id: z.string(),
    description: z.string(),
    fillers: z.array(z.string()),
  }),
  alignment: z.strictObject({
    costs: z.strictObject({
      substitution: z.number(),
      insertion: z.number(),
      deletion: z.number(),
    }),
    tieBreak: z.string(),
    agreesWith: z.string(),
  }),
  wer: z.string(),
  groupBy: z.string(),
  baseline: z.string(),
  pairing: z.string(),
  degradation: z.string(),
  excess: z.string(),
  bootstrap: z.strictObject({
    unit: z.enum(['speaker', 'utterance']),
    stratifiedBy: z.string(),
    resamples: z.int().min(1),
    interval: z.string(),
    level: z.number(),
    seed: z.union([z.int(), z.string()]),
  }),
  permutation: z.strictObject({
    unit: z.enum(['speaker', 'utterance']),
    permutations: z.int().min(1),
    rule: z.string(),
    statistic: z.string(),
    alternative: z.literal('greater'),
    pValue: z.string(),
  }),
  multipleTesting: z.strictObject({
    method: z.literal('holm'),
    family: z.string(),
    tests: z.int().min(0),
  }),
  thresholds: z.strictObject({
    excessDegradationPoints: z.number(),
    alpha: z.number(),
    failOn: z.enum(['disproportionate', 'never']),
    source: z.string(),
  }),
  insufficientData: z.strictObject({
    minSpeakers: z.int().min(1),
    minRefWords: z.int().min(1),
    rule: z.string(),
  }),
  verdict: z.string(),
  model: z.strictObject({
    family: z.string(),
    formula: z.string(),
    standardErrors: z.string(),
    test: z.string(),
    disagreement: z.string(),
  }),
  engineComparison: z.string(),
});

export const summarySchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
    tool: z.strictObject({ name: z.literal('lastmile'), version: z.string() }),
    input: z.strictObject({
      rows: z.int().min(0),
      duplicateUnits: z.int().min(0).meta({ description: 'Repeated units; the last one counts' }),
      errored: z.int().min(0),
      engines: z.array(z.string()),
      conditions: z.array(z.string()),
      groups: z.array(z.string()),
    }),
    methods: methodsSchema,
    cells: z.array(cellSchema),
    sweeps: z.array(curveSchema),
    engineDifferences: z.array(engineDiffSchema),
    flagged: z.array(
      z.strictObject({
        engine: z.string(),
        condition: z.string(),
        group: z.string(),
        excess: fraction,
        pHolm: z.number(),
      }),
    ),
    disagreements: z.array(
      z.strictObject({
        engine: z.string(),
        condition: z.string(),
        group: z.string(),
        note: z.string(),
      }),
    ),
    outcome: z.strictObject({
      failed: z.boolean(),
      reason: z.string(),
    }),
  })
  .meta({
    title: 'lastmile summary.json',
    description: 'Scoring and fairness statistics of one run (per engine × condition × group)',
  });

export type Summary = z.infer<typeof summarySchema>;
export type Counts = z.infer<typeof countsSchema>;
export type GroupResult = z.infer<typeof groupSchema>;
export type Cell = z.infer<typeof cellSchema>;
export type SweepCurve = z.infer<typeof curveSchema>;
export type EngineDifference = z.infer<typeof engineDiffSchema>;
export type Verdict = z.infer<typeof verdictSchema>;
export type Methods = z.infer<typeof methodsSchema>;

/** The JSON Schema text committed at schemas/summary.schema.json. */
export function summaryJsonSchemaText(): string {
  const schema = z.toJSONSchema(summarySchema, { target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
