import { UsageError } from '../errors.js';

/** Whole-number flags and the least value each may take. */
type Rule = { readonly kind: 'count'; readonly min: number } | { readonly kind: 'fraction' };

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
    if (rule.kind === 'count' && !(Number.isInteger(n) && n >= rule.min))
      throw new UsageError(
        `--${flag} must be a whole number ≥ ${rule.min}, got ${JSON.stringify(String(value))}`,
      );
    if (rule.kind === 'fraction' && !(Number.isFinite(n) && n >= 0 && n <= 1))
      throw new UsageError(
        `--${flag} must be a fraction from 0 to 1, got ${JSON.stringify(String(value))}`,
      );
  }
  return true;
}

export const COUNT = (min: number): Rule => ({ kind: 'count', min });
export const FRACTION: Rule = { kind: 'fraction' };
