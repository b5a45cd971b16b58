import { z } from 'zod';
import type { WordCounts } from '../scoring/wer.js';

/**
 * The shape of `summary.json`. The committed JSON Schema (schemas/summary.schema.json) is
 * generated from this; bump SUMMARY_SCHEMA_VERSION on any incompatible change.
 *
 * Units: every WER, degradation and excess is a fraction (0.05 = 5 %); thresholds given in
 * WER points are named `…Points`. Raw counts are kept at speaker level so shards and runs
 * can be merged exactly and every figure recomputed.
 */
export const SUMMARY_SCHEMA_VERSION = 3;

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
  .meta({
    id: 'Counts',
    description: 'Summed alignment counts: add them to merge',
  }) satisfies z.ZodType<WordCounts>;

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

const welchEstimateSchema = z
  .strictObject({
    value: z.number().nullable(),
    ci: interval,
    se: z
      .number()
      .min(0)
      .nullable()
      .meta({ description: 'Speaker-clustered (delta-method) standard error' }),
    df: z
      .number()
      .min(0)
      .nullable()
      .meta({ description: 'Welch–Satterthwaite degrees of freedom of the t interval and test' }),
  })
  .meta({ id: 'TEstimate', description: 'Estimate with a t interval on speaker-clustered data' });

const testSchema = z
  .strictObject({
    statistic: z.number().meta({ description: 'Studentized excess: excess / its standard error' }),
    df: z.number().min(0),
    p: z.number().min(0).max(1).meta({
      description: 'One-sided permutation p-value of the studentized statistic (unadjusted)',
    }),
    pAdjusted: z.number().min(0).max(1).meta({
      description:
        'Family-wise adjusted p-value (max-T step-down, or Holm: methods.test.multipleTesting)',
    }),
    rejected: z.boolean().meta({ description: 'pAdjusted ≤ alpha' }),
  })
  .meta({ id: 'Test' });

const modelSchema = z
  .strictObject({
    ratio: z.number().nullable().meta({
      description:
        'Ratio of ratios exp(γ): how many times more this group’s WER grows under the condition (condition WER / clean WER) than the rest’s does',
    }),
    ci: interval,
    se: z
      .number()
      .nullable()
      .meta({ description: 'CR3 (jackknife-type) standard error of log ratio' }),
    df: z.number().nullable().meta({ description: 'min(speakers in group, speakers in rest) − 1' }),
    p: z.number().min(0).max(1).nullable(),
    pHolm: z.number().min(0).max(1).nullable(),
    rejected: z.boolean(),
    note: z.string().nullable(),
  })
  .meta({ id: 'ModelEstimate' });

const powerSchema = z
  .strictObject({
    mde: fraction.nullable().meta({
      description:
        'Minimum detectable excess: the excess (group − rest) this cell would flag as significant with 80 % power, given its standard error and the family’s critical level',
    }),
    power: z.number().min(0).max(1).nullable().meta({
      description: 'Power to find an excess equal to the threshold significant',
    }),
    criticalP: z.number().min(0).max(1).nullable().meta({
      description: 'Per-test significance level the family-wise procedure needs at its first step',
    }),
  })
  .meta({ id: 'Power' });

export const VERDICTS = [
  'disproportionate',
  'within tolerance',
  'inconclusive',
  'insufficient data',
  'baseline',
] as const;

export const verdictSchema = z.enum(VERDICTS).meta({
  description:
    'disproportionate: significant and at or above the threshold; within tolerance: the whole interval lies below the threshold; inconclusive: neither (see power.mde); insufficient data: too few speakers or words; baseline: the clean condition itself',
});

const groupSchema = z
  .strictObject({
    group: z.string(),
    speakers: z.int().min(0),
    coverage: coverageSchema,
    baseline: countsSchema.nullable().meta({ description: 'Clean counts on the paired clips' }),
    condition: countsSchema,
    wer: welchEstimateSchema.meta({ description: 'Corpus WER under the condition' }),
    baselineWer: welchEstimateSchema.nullable(),
    speakerMeanWer: z
      .strictObject({ baseline: fraction.nullable(), condition: fraction.nullable() })
      .meta({ description: 'Per-speaker-equal-weight WER: the mean of the speakers’ own WERs' }),
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
    degradation: welchEstimateSchema.nullable().meta({
      description: 'WER(condition) − WER(clean) on the paired clips, in WER fraction',
    }),
    relativeDegradation: welchEstimateSchema
      .nullable()
      .meta({ description: 'degradation / clean WER; null when the clean WER is 0' }),
    restDegradation: fraction
      .nullable()
      .meta({ description: 'Degradation of the other groups pooled (same cell)' }),
    excess: welchEstimateSchema.nullable().meta({
      description:
        'Primary effect: degradation of the group − degradation of the other groups pooled (WER fraction)',
    }),
    excessVsPooled: estimateSchema.nullable().meta({
      description:
        'Descriptive: degradation − pooled degradation of all groups (includes the group itself: (1 − share) × excess)',
    }),
    gapToBest: estimateSchema.nullable().meta({
      description: 'Descriptive: degradation − the smallest degradation among assessable groups',
    }),
    cleanGap: welchEstimateSchema.nullable().meta({
      description:
        'Clean-speech gap: clean WER of the group − clean WER of the other groups pooled, on the same paired clips ("already worse clean", apart from the degradation)',
    }),
    test: testSchema.nullable(),
    model: modelSchema.nullable(),
    power: powerSchema.nullable(),
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

const trendSchema = z
  .strictObject({
    slope: welchEstimateSchema.meta({
      description:
        'Least-squares slope of the excess over the sweep’s points in severity order (WER fraction per step)',
    }),
    test: testSchema,
    points: z.int().min(2),
  })
  .meta({
    id: 'Trend',
    description: 'Does the excess grow with severity? One test per sweep and group',
  });

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
            excess: estimateSchema.nullable(),
          }),
        ),
        trend: trendSchema.nullable(),
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
    difference: welchEstimateSchema.meta({
      description: 'WER(engineA) − WER(engineB), same clips',
    }),
  })
  .meta({ id: 'EngineDifference' });

const disparityDiffSchema = z
  .strictObject({
    engineA: z.string(),
    engineB: z.string(),
    condition: z.string(),
    group: z.string(),
    speakers: z.int().min(0),
    clips: z.int().min(0).meta({ description: 'Clips scored clean and perturbed by both engines' }),
    excessA: fraction.nullable(),
    excessB: fraction.nullable(),
    difference: welchEstimateSchema.meta({
      description:
        'excess(engineA) − excess(engineB) on the same clips: which engine treats the group worse',
    }),
    p: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .meta({ description: 'Two-sided t-test of no difference' }),
  })
  .meta({ id: 'DisparityDifference' });

const methodsSchema = z.strictObject({
  normalizer: z.strictObject({
    id: z.string(),
    description: z.string(),
    fillers: z.array(z.string()),
    caseSensitive: z.boolean(),
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
  interval: z.strictObject({
    method: z.string(),
    level: z.number(),
    unit: z.enum(['speaker', 'utterance']),
  }),
  test: z.strictObject({
    statistic: z.string(),
    reference: z.string(),
    alternative: z.literal('greater'),
    permutations: z.int().min(1),
    rule: z.string(),
    monteCarloError: z.string(),
    seed: z.union([z.int(), z.string()]),
    multipleTesting: z.enum(['maxT', 'holm']),
    family: z.string(),
    tests: z.int().min(0),
  }),
  trend: z.string(),
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
  power: z.string(),
  model: z.strictObject({
    family: z.string(),
    formula: z.string(),
    standardErrors: z.string(),
    test: z.string(),
    disagreement: z.string(),
  }),
  engineComparison: z.string(),
});

const intersectionSchema = z
  .strictObject({
    engine: z.string(),
    condition: z.string(),
    keys: z.array(z.string()).meta({ description: 'The label keys of --group-by, combined' }),
    model: z
      .strictObject({
        formula: z.string(),
        intercept: fraction,
        residualSd: z.number(),
        sd: z.record(z.string(), z.number()).meta({
          description: 'Standard deviation of each random effect (main effects, intersection)',
        }),
      })
      .nullable(),
    groups: z.array(
      z.strictObject({
        group: z.string(),
        speakers: z.int().min(0),
        words: z.number(),
        assessable: z
          .boolean()
          .meta({ description: 'false: below the minimum speakers or words (kept, marked)' }),
        raw: estimateSchema.meta({ description: "Degradation on the combination's own speakers" }),
        pooled: estimateSchema.meta({
          description:
            'Partially pooled degradation (multilevel model, conditional on its variance components)',
        }),
      }),
    ),
  })
  .meta({ id: 'Intersection' });

const anatomyGroupSchema = z
  .strictObject({
    group: z.string(),
    speakers: z.int().min(0),
    units: z
      .int()
      .min(0)
      .meta({ description: 'Reference units (words or keywords) on the paired clips' }),
    errors: z.strictObject({
      baseline: z.int().min(0).nullable(),
      condition: z.int().min(0),
    }),
    rate: welchEstimateSchema.meta({ description: 'errors / units under the condition' }),
    baselineRate: welchEstimateSchema.nullable(),
    degradation: welchEstimateSchema
      .nullable()
      .meta({ description: 'rate(condition) − rate(clean) on the paired clips' }),
    excess: welchEstimateSchema.nullable().meta({
      description: 'degradation of the group − degradation of the other groups pooled',
    }),
    test: testSchema.nullable(),
    power: powerSchema.nullable(),
    verdict: verdictSchema,
    reason: z.string(),
  })
  .meta({ id: 'AnatomyGroup', description: 'One group under one rate metric' });

export const ANATOMY_METRIC_IDS = ['substitutions', 'deletions', 'insertions', 'keywords'] as const;

const hallucinationSchema = z
  .strictObject({
    engine: z.string(),
    condition: z.string(),
    group: z.string(),
    utterances: z.int().min(0).meta({ description: 'Scored utterances (paired clips)' }),
    refWords: z.int().min(0),
    hallucinatedUtterances: z.int().min(0),
    loopInsertions: z.int().min(0).meta({ description: 'Inserted words inside repetition loops' }),
    noSpeechInsertions: z
      .int()
      .min(0)
      .meta({ description: 'Words heard where the reference is empty' }),
    examples: z.array(
      z.strictObject({
        clip: z.string(),
        speaker: z.string(),
        kind: z.enum(['loop', 'no speech']),
        words: z.string().meta({ description: 'The repeated n-gram ×copies, or the words heard' }),
        reference: z.string(),
        hypothesis: z.string(),
      }),
    ),
  })
  .meta({ id: 'Hallucinations' });

const anatomySchema = z
  .strictObject({
    metrics: z.array(
      z.strictObject({
        id: z.enum(ANATOMY_METRIC_IDS),
        counts: z.string(),
        per: z.string(),
        minUnits: z
          .int()
          .min(1)
          .meta({ description: 'Units a group needs in a cell for a verdict' }),
        tests: z.int().min(0),
        permutations: z.int().min(0),
      }),
    ),
    keywords: z
      .strictObject({
        source: z.string(),
        terms: z.int().min(0),
        unmatchable: z
          .array(z.string())
          .meta({ description: 'Terms that normalise to no words (never matched)' }),
      })
      .nullable(),
    method: z.string(),
    cells: z.array(
      z.strictObject({
        engine: z.string(),
        condition: z.string(),
        isBaseline: z.boolean(),
        metric: z.enum(ANATOMY_METRIC_IDS),
        groups: z.array(anatomyGroupSchema),
      }),
    ),
    flagged: z.array(
      z.strictObject({
        engine: z.string(),
        condition: z.string(),
        group: z.string(),
        metric: z.enum(ANATOMY_METRIC_IDS),
        excess: fraction,
        pAdjusted: z.number(),
      }),
    ),
    hallucinations: z.array(hallucinationSchema),
  })
  .meta({
    id: 'Anatomy',
    description:
      'Which kind of error grows: substitution, deletion, insertion and keyword error rates per engine × condition × group with the same intervals, tests and verdicts as WER (diagnostic: they do not change the outcome), and hallucinated insertions with examples',
  });

export const OUTCOME_STATUSES = [
  'disproportionate',
  'inconclusive',
  'within tolerance',
  'nothing tested',
] as const;

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
    disparityDifferences: z.array(disparityDiffSchema),
    verdicts: z
      .strictObject({
        disproportionate: z.int().min(0),
        withinTolerance: z.int().min(0),
        inconclusive: z.int().min(0),
        insufficientData: z.int().min(0),
      })
      .meta({ description: 'How many engine × condition × group verdicts of each kind' }),
    flagged: z.array(
      z.strictObject({
        engine: z.string(),
        condition: z.string(),
        group: z.string(),
        excess: fraction,
        pAdjusted: z.number(),
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
    intersections: z.array(intersectionSchema).optional().meta({
      description: 'With --group-by of two or more keys: raw and partially pooled figures',
    }),
    anatomy: anatomySchema,
    outcome: z.strictObject({
      status: z.enum(OUTCOME_STATUSES).meta({
        description:
          'disproportionate: at least one group flagged; inconclusive: none flagged but some could not be told; within tolerance: every tested group shown within tolerance; nothing tested: no group reached a verdict',
      }),
      failed: z.boolean().meta({ description: 'status is disproportionate and failOn says fail' }),
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
export type TEstimate = z.infer<typeof welchEstimateSchema>;
export type Estimate = z.infer<typeof estimateSchema>;
export type Intersection = z.infer<typeof intersectionSchema>;
export type Test = z.infer<typeof testSchema>;
export type ModelEstimate = z.infer<typeof modelSchema>;
export type Power = z.infer<typeof powerSchema>;
export type Trend = z.infer<typeof trendSchema>;
export type DisparityDifference = z.infer<typeof disparityDiffSchema>;
export type Anatomy = z.infer<typeof anatomySchema>;
export type AnatomyGroup = z.infer<typeof anatomyGroupSchema>;
export type AnatomyMetricId = (typeof ANATOMY_METRIC_IDS)[number];
export type Hallucinations = z.infer<typeof hallucinationSchema>;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/** The JSON Schema text committed at schemas/summary.schema.json. */
export function summaryJsonSchemaText(): string {
  const schema = z.toJSONSchema(summarySchema, { target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
