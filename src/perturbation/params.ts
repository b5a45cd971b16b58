import { formatQuantity, numberPart, parseQuantity, type Unit, unitSuffixes } from '../units.js';

/**
 * Parameter declarations. One declaration per parameter feeds runtime validation, the
 * scenario JSON Schema, `lastmile list` and the README table, so they cannot drift apart.
 */
interface ParamBase {
  readonly description: string;
  /** Absent and no default: the parameter may be left out (the kind decides what that means). */
  readonly optional?: boolean;
}
export interface NumberParam extends ParamBase {
  readonly type: 'number';
  readonly unit: Unit;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly default?: number;
}
export interface ChoiceParam<T extends string = string> extends ParamBase {
  readonly type: 'choice';
  readonly values: readonly T[];
  readonly default?: T;
}
export interface BooleanParam extends ParamBase {
  readonly type: 'boolean';
  readonly default?: boolean;
}
export interface TextParam extends ParamBase {
  readonly type: 'text' | 'path';
  readonly default?: string;
}
/**
 * A nested perturbation step, written as in a chain (`step: { noise: { snr: 10 } }`), for
 * wrapper kinds such as `intermittent`. Its parameters are validated with the inner kind's
 * declarations and drawn per clip like any other; the drawn value reaching `apply` (and the
 * result rows) is the canonical JSON `{"kind":{"param":value,…}}`.
 */
export interface StepParam extends ParamBase {
  readonly type: 'step';
  readonly default?: undefined;
}
export type ParamSpec = NumberParam | ChoiceParam | BooleanParam | TextParam | StepParam;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

type ValueOf<P extends ParamSpec> = P extends NumberParam
  ? number
  : P extends ChoiceParam<infer T>
    ? T
    : P extends BooleanParam
      ? boolean
      : string;
type IsOptional<P extends ParamSpec> = P extends { default: unknown }
  ? false
  : P extends { optional: true }
    ? true
    : false;

/** The concrete values a kind's `apply` receives, typed from its declarations. */
export type ParamValues<S extends ParamSpecs> = {
  readonly [K in keyof S as IsOptional<S[K]> extends true ? never : K]: ValueOf<S[K]>;
} & {
  readonly [K in keyof S as IsOptional<S[K]> extends true ? K : never]?: ValueOf<S[K]>;
};

export const num = <const P extends Omit<NumberParam, 'type'>>(p: P) =>
  ({ type: 'number', ...p }) as const;
export const choice = <const T extends string, const P extends Omit<ChoiceParam<T>, 'type'>>(
  p: P & { values: readonly T[] },
) => ({ type: 'choice', ...p }) as const;
export const bool = <const P extends Omit<BooleanParam, 'type'>>(p: P) =>
  ({ type: 'boolean', ...p }) as const;
export const text = <const P extends Omit<TextParam, 'type'>>(p: P) =>
  ({ type: 'text', ...p }) as const;
export const path = <const P extends Omit<TextParam, 'type'>>(p: P) =>
  ({ type: 'path', ...p }) as const;
export const step = <const P extends Omit<StepParam, 'type'>>(p: P) =>
  ({ type: 'step', ...p }) as const;

export type Scalar = number | string | boolean;

/**
 * What a scenario says about one parameter after parsing: a fixed value, a range drawn
 * uniformly per clip (in the parameter's unit, so SNR is uniform in dB), or a set to pick from.
 */
export type ParamSetting =
  | { readonly kind: 'fixed'; readonly value: Scalar }
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'oneOf'; readonly values: readonly Scalar[] }
  | {
      readonly kind: 'step';
      readonly name: string;
      readonly specs: ParamSpecs;
      readonly settings: Readonly<Record<string, ParamSetting>>;
    };

/**
 * Converts one written value (number, `15dB`, `3.4kHz`, `true`, a choice) to its concrete
 * value, or returns a sentence saying what was expected.
 */
export function parseScalar(spec: ParamSpec, raw: unknown): { value: Scalar } | { error: string } {
  switch (spec.type) {
    case 'number': {
      if (typeof raw !== 'number' && typeof raw !== 'string') {
        return { error: `expected a number in ${spec.unit}, got ${describe(raw)}` };
      }
      const value = parseQuantity(raw, spec.unit);
      if (value === undefined) {
        const suffixes = unitSuffixes(spec.unit);
        const accepted = suffixes.length
          ? ` (a number, or with ${suffixes.map((s) => `"${s}"`).join(', ')})`
          : ' (a number)';
        const bare = typeof raw === 'string' ? numberPart(raw) : undefined;
        const hint =
          bare !== undefined && Number.isFinite(bare)
            ? `; write ${bare} for ${formatQuantity(bare, spec.unit)}`
            : '';
        return {
          error: `expected a quantity in ${spec.unit}${accepted}, got ${describe(raw)}${hint}`,
        };
      }
      if (spec.integer && !Number.isInteger(value))
        return { error: `must be a whole number, got ${value}` };
      if (
        (spec.min !== undefined && value < spec.min) ||
        (spec.max !== undefined && value > spec.max)
      ) {
        return {
          error: `must be within ${boundsText(spec)}, got ${formatQuantity(value, spec.unit)}`,
        };
      }
      return { value };
    }
    case 'choice':
      if (typeof raw === 'string' && spec.values.includes(raw)) return { value: raw };
      return {
        error: `must be one of ${spec.values.map((v) => `"${v}"`).join(', ')}, got ${describe(raw)}`,
      };
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      return { error: `must be true or false, got ${describe(raw)}` };
    case 'step':
      return { error: `expected a step such as { noise: { snr: 10 } }, got ${describe(raw)}` };
    default:
      if (typeof raw === 'string' && raw.length > 0) return { value: raw };
      return { error: `must be a non-empty string, got ${describe(raw)}` };
  }
}

export function boundsText(spec: NumberParam): string {
  const lo = spec.min === undefined ? '-∞' : String(spec.min);
  const hi = spec.max === undefined ? '∞' : String(spec.max);
  return `[${lo}, ${hi}] ${spec.unit === 'count' || spec.unit === 'ratio' ? '' : spec.unit}`.trimEnd();
}

export function describe(raw: unknown): string {
  if (raw === null || raw === undefined) return 'nothing';
  if (typeof raw === 'string') return JSON.stringify(raw);
  if (typeof raw === 'object') return Array.isArray(raw) ? 'a list' : 'a mapping';
  return String(raw);
}

/** Draws concrete values from settings; `draw` is only called for ranges and sets. */
export function drawSetting(
  spec: ParamSpec,
  setting: ParamSetting,
  rng: { uniform(min: number, max: number): number; int(n: number): number },
): Scalar {
  switch (setting.kind) {
    case 'fixed':
      return setting.value;
    case 'oneOf':
      return setting.values[rng.int(setting.values.length)];
    case 'range': {
      if (spec.type === 'number' && spec.integer) {
        return Math.floor(rng.uniform(setting.min, setting.max + 1 - 1e-9));
      }
      return rng.uniform(setting.min, setting.max);
    }
    case 'step': {
      const values: Record<string, Scalar> = {};
      for (const [name, inner] of Object.entries(setting.settings)) {
        values[name] = drawSetting(setting.specs[name], inner, rng);
      }
      return JSON.stringify({ [setting.name]: values });
    }
  }
}
