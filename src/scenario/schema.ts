import { z } from 'zod';
import { perturbations } from '../../perturbations/index.js';
import type { ParamSpec } from '../perturbation/params.js';
import { DEFAULT_THRESHOLDS } from '../results/defaults.js';
import { formatQuantity, quantityPattern } from '../units.js';

/**
 * The scenario language, declared once. Runtime validation uses `scenarioSchema` (steps are
 * checked kind by kind in step.ts from the same parameter declarations) and the
 * editor's JSON Schema is generated from `scenarioJsonSchema()`, which spells each step out.
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const SWEEP_REF = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;

const sweepValue = z.union([z.number(), z.string()]);

export const thresholdsSchema = z
  .strictObject({
    excessDegradation: z
      .number()
      .min(0)
      .max(100)
      .default(DEFAULT_THRESHOLDS.excessDegradation)
      .meta({
        description:
          'WER points by which a group’s degradation must exceed the other groups’ (pooled) to count (practical significance)',
      }),
    alpha: z.number().gt(0).lt(1).default(DEFAULT_THRESHOLDS.alpha).meta({
      description: 'Family-wise error rate of the corrected tests (max-T step-down by default)',
    }),
    failOn: z
      .enum(['disproportionate', 'never'])
      .default(DEFAULT_THRESHOLDS.failOn)
      .meta({ description: 'Exit non-zero when any group is flagged disproportionate' }),
  })
  .meta({ description: 'When a result fails the run' });

function conditionSchema(step: z.ZodType) {
  return z
    .strictObject({
      name: z
        .string()
        .regex(NAME, 'letters, digits, ".", "_" or "-", starting with a letter or digit')
        .meta({ description: 'Unique condition name' }),
      description: z.string().optional(),
      sweep: z
        .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.array(sweepValue).min(1))
        .optional()
        .meta({
          description:
            'Variables referenced as $name in the chain; one condition per value (per combination)',
        }),
      chain: z.array(step).min(1).meta({ description: 'Perturbation steps applied in order' }),
    })
    .meta({ description: 'One acoustic condition: a chain of perturbation steps' });
}

function scenarioShape(step: z.ZodType) {
  return z
    .strictObject({
      name: z
        .string()
        .regex(NAME, 'letters, digits, ".", "_" or "-", starting with a letter or digit'),
      description: z.string().default(''),
      seed: z
        .number()
        .int()
        .min(0)
        .default(0)
        .meta({ description: 'Seeds every random draw (with condition and clip id)' }),
      conditions: z.array(conditionSchema(step)).min(1),
      thresholds: thresholdsSchema.optional(),
      keywords: z.string().min(1).optional().meta({
        description:
          'Keyword list (one term per line), relative to this file: each group gets a keyword error rate with a verdict (e.g. ../fixtures/keywords/clinical.txt)',
      }),
      allowFilesOutside: z.boolean().optional().meta({
        description:
          'Let noise beds, impulse responses and EQ tables lie outside the scenario’s folder (by default a path that leaves it is an error)',
      }),
    })
    .meta({
      title: 'lastmile scenario',
      description: 'Acoustic conditions to stress-test ASR under',
    });
}

/** Runtime schema: steps are single-key mappings, checked in detail by step.ts. */
export const scenarioSchema = scenarioShape(z.record(z.string(), z.unknown()));
export type ScenarioInput = z.infer<typeof scenarioSchema>;

function valueSchema(spec: ParamSpec, innerStep?: z.ZodType): z.ZodType {
  const ref = z
    .string()
    .regex(SWEEP_REF)
    .meta({ description: 'A sweep variable of this condition' });
  const anyScalar = z.union([z.number(), z.string(), z.boolean()]);
  const oneOf = z
    .strictObject({ oneOf: z.array(anyScalar).min(1) })
    .meta({ description: 'Pick one per clip' });
  let base: z.ZodType;
  switch (spec.type) {
    case 'number': {
      // The range and the unit are in the schema, so an editor flags `snr: 500` and `snr: 15Hz`
      // while typing; a text quantity's range (`snr: 500dB`) only `validate` can check.
      let number = z.number();
      if (spec.min !== undefined) number = number.min(spec.min);
      if (spec.max !== undefined) number = number.max(spec.max);
      const quantity = z.union([number, z.string().regex(new RegExp(quantityPattern(spec.unit)))]);
      const range = z
        .strictObject({ min: quantity, max: quantity })
        .meta({ description: 'Drawn uniformly per clip' });
      base = z.union([quantity, range, oneOf, ref]);
      break;
    }
    case 'choice':
      base = z.union([z.enum(spec.values as [string, ...string[]]), oneOf, ref]);
      break;
    case 'boolean':
      base = z.union([z.boolean(), ref]);
      break;
    case 'step':
      base = innerStep ?? z.record(z.string(), z.unknown());
      break;
    default:
      base = z.union([z.string().min(1), oneOf]);
  }
  const unit =
    spec.type === 'number'
      ? ` [${spec.unit}${spec.min !== undefined || spec.max !== undefined ? `, ${spec.min ?? '-∞'}…${spec.max ?? '∞'}` : ''}]`
      : '';
  const dflt =
    spec.default === undefined
      ? ''
      : ` (default ${spec.type === 'number' ? formatQuantity(spec.default, spec.unit) : String(spec.default)})`;
  return base.optional().meta({
    description: `${spec.description}${unit}${dflt}`,
    ...(spec.default !== undefined &&
      typeof spec.default !== 'object' && { default: spec.default }),
  });
}

/** The editor-facing JSON Schema: every kind's parameters spelled out for completion. */
export function scenarioJsonSchema(): Record<string, unknown> {
  type Kind = (typeof perturbations)[number];
  const stepOf = (p: Kind, inner?: z.ZodType) =>
    z
      .strictObject({
        [p.name]: z
          .strictObject(
            Object.fromEntries(
              Object.entries(p.params).map(([k, spec]) => [k, valueSchema(spec, inner)]),
            ),
          )
          .meta({ description: p.summary }),
      })
      .meta({ description: p.summary });
  // A wrapper kind (one with a step parameter) takes any other kind's step inside; no nesting.
  const isWrapper = (p: Kind) => Object.values(p.params).some((s) => s.type === 'step');
  const plain = perturbations.filter((p) => !isWrapper(p)).map((p) => stepOf(p));
  const inner = z.union(plain as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  const steps = perturbations.map((p) => stepOf(p, isWrapper(p) ? inner : undefined));
  const step = z.union(steps as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  const json = z.toJSONSchema(scenarioShape(step), {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
  });
  return json as Record<string, unknown>;
}
