import { isUserError, UsageError } from '../errors.js';
import { getNormalizer, type Normalizer, type NormalizerOptions } from '../scoring/normalize.js';

/** Whole-number flags and the least value each may take. */
type Rule =
  | { readonly kind: 'count'; readonly min: number; readonly max: number }
  | { readonly kind: 'fraction' }
  | { readonly kind: 'open-fraction' }
  | { readonly kind: 'range'; readonly min: number; readonly max: number };

/**
 * Numbers given on the command line are checked where they enter: yargs turns `two` into NaN
 * and lets `-1` or `0` through, which would reach the corpus limiter or the resampler as a
 * nonsense value. Throws a usage error naming the flag and its range.
 */
export function checkNumberFlags(
  args: Readonly<Record<string, unknown>>,
  rules: Readonly<Record<string, Rule>>,
): true {
  for (const [flag, rule] of Object.entries(rules)) {
    const value = args[flag];
    if (value === undefined) continue;
    const n = value as number;
    if (rule.kind === 'count' && !(Number.isInteger(n) && n >= rule.min && n <= rule.max))
      throw new UsageError(
        `--${flag} must be a whole number ${rule.max === Number.MAX_SAFE_INTEGER ? `≥ ${rule.min}` : `from ${rule.min} to ${rule.max}`}, got ${JSON.stringify(String(value))}`,
      );
    if (rule.kind === 'fraction' && !(Number.isFinite(n) && n >= 0 && n <= 1))
      throw new UsageError(
        `--${flag} must be a fraction from 0 to 1, got ${JSON.stringify(String(value))}`,
      );
    if (rule.kind === 'open-fraction' && !(n > 0 && n < 1))
      throw new UsageError(
        `--${flag} must be between 0 and 1 (both excluded), got ${JSON.stringify(String(value))}`,
      );
    if (rule.kind === 'range' && !(Number.isFinite(n) && n >= rule.min && n <= rule.max))
      throw new UsageError(
        `--${flag} must be a number from ${rule.min} to ${rule.max}, got ${JSON.stringify(String(value))}`,
      );
  }
  return true;
}

/** A whole number in [min, max]; give `max` wherever the value sizes memory or work. */
export const COUNT = (min: number, max = Number.MAX_SAFE_INTEGER): Rule => ({
  kind: 'count',
  min,
  max,
});
export const FRACTION: Rule = { kind: 'fraction' };
/** Strictly between 0 and 1 (a significance level). */
export const OPEN_FRACTION: Rule = { kind: 'open-fraction' };
export const RANGE = (min: number, max: number): Rule => ({ kind: 'range', min, max });

/** `--normalizer NAME` as a normaliser; an unknown name is a usage error with the nearest one. */
export function normalizerFlag(name: string, options: NormalizerOptions = {}): Normalizer {
  try {
    return getNormalizer(name, options);
  } catch (e) {
    if (isUserError(e)) throw new UsageError(`--normalizer: ${e.message}`);
    throw e;
  }
}
