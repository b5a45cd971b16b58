import { z } from 'zod';

/**
 * Gates in the suite YAML, in the manner of Lighthouse CI assertions: each rule has a level —
 * `error` fails the command (its exit code), `warn` is printed and reported but passes, `off`
 * disables it — and, where a number decides, a limit. A rule may be narrowed to engines,
 * conditions or groups by name (`*` matches any run of characters), and given more than once
 * as a list.
 *
 * ```yaml
 * gates:
 *   disproportionate: error
 *   excess: { level: warn, max: 8 }
 *   wer: [{ level: error, max: 60, condition: clean }, { level: warn, max: 90 }]
 *   errorRate: { level: error, max: 0.05 }
 *   regression: { level: error, max: 3 }
 * ```
 */

export const GATE_LEVELS = ['off', 'warn', 'error'] as const;
export type GateLevel = (typeof GATE_LEVELS)[number];

const level = z.enum(GATE_LEVELS).meta({
  description: 'error: fails the command · warn: reported, passes · off: not checked',
});

const where = {
  engine: z
    .string()
    .optional()
    .meta({ description: 'Only these engines (name; * matches any text)' }),
  condition: z
    .string()
    .optional()
    .meta({ description: 'Only these conditions (name; * matches any text)' }),
  group: z
    .string()
    .optional()
    .meta({ description: 'Only these groups (name; * matches any text)' }),
};

function rule(max: z.ZodNumber | undefined, description: string) {
  const object = z.strictObject({ level, ...(max ? { max } : {}), ...where }).meta({ description });
  const one = z.union([level, object]);
  return z
    .union([one, z.array(object).min(1)])
    .optional()
    .meta({ description });
}

const points = (what: string) =>
  z
    .number()
    .min(0)
    .max(100)
    .meta({ description: `Limit in WER points (${what})` });

export const gatesSchema = z
  .strictObject({
    disproportionate: rule(
      undefined,
      'A group whose verdict is disproportionate (significant after correction and above the practical threshold)',
    ),
    excess: rule(
      points('a group’s degradation minus the other groups’ pooled degradation'),
      'Excess degradation above a limit',
    ),
    wer: rule(
      z.number().min(0).max(1000).meta({ description: 'Limit on WER, in percent' }),
      'WER above a limit',
    ),
    degradation: rule(
      points('WER under the condition minus clean WER, same clips'),
      'Degradation above a limit',
    ),
    errorRate: rule(
      z.number().min(0).max(1).meta({ description: 'Fraction of units whose engine call failed' }),
      'Error units (failed engine calls, unreadable clips) above a fraction',
    ),
    regression: rule(
      points('increase over the baseline run, for lastmile compare'),
      'lastmile compare: a cell significantly worse than the baseline run by more than the limit',
    ),
  })
  .meta({
    title: 'gates',
    description: 'Pass/fail rules with levels (warn / error), as Lighthouse CI assertions',
  });

export type GatesInput = z.input<typeof gatesSchema>;
export type GateRuleName = keyof z.output<typeof gatesSchema>;

/** One rule, flattened: what it checks, at which level, with which limit, for which cells. */
export interface GateRule {
  readonly rule: GateRuleName;
  readonly level: GateLevel;
  readonly max?: number;
  readonly engine?: string;
  readonly condition?: string;
  readonly group?: string;
}

/** Every rule of a `gates:` block as a flat list (levels `off` dropped). */
export function flattenGates(gates: z.output<typeof gatesSchema>): GateRule[] {
  const out: GateRule[] = [];
  for (const [name, value] of Object.entries(gates)) {
    if (value === undefined) continue;
    const entries = Array.isArray(value) ? value : [value];
    for (const e of entries) {
      const r = (typeof e === 'string' ? { level: e } : e) as Omit<GateRule, 'rule'>;
      if (r.level !== 'off') out.push({ ...r, rule: name as GateRuleName });
    }
  }
  return out;
}

/**
 * The rules a run is held to: the suite's `gates:`, with two defaults for rules it leaves out —
 * `disproportionate` at `error` (or `warn` when the thresholds say `failOn: never`), and
 * `errorRate` at `error` above the run's maximum error rate — which is what `run` always
 * enforced. Writing a rule, even as `off`, replaces its default.
 */
export function resolveGates(
  gates: z.output<typeof gatesSchema> | undefined,
  failOn: 'disproportionate' | 'never' | undefined,
  maxErrorRate: number,
): GateRule[] {
  const rules = gates ? flattenGates(gates) : [];
  if (gates?.disproportionate === undefined)
    rules.unshift({ rule: 'disproportionate', level: failOn === 'never' ? 'warn' : 'error' });
  if (gates?.errorRate === undefined)
    rules.push({ rule: 'errorRate', level: 'error', max: maxErrorRate });
  return rules;
}

/** `*` matches any run of characters; everything else literally. */
export function nameMatches(pattern: string | undefined, name: string): boolean {
  if (pattern === undefined) return true;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(name);
}
