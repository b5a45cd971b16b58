import { z } from 'zod';
import { type NumberParam, num } from '../perturbation/params.js';

/**
 * How the dispatcher drives one engine, declared like engine config so that a suite entry's
 * `concurrency: 4` and `--engine-config concurrency=4` are checked by the same rules.
 */
export const DISPATCH_PARAMS = {
  concurrency: num({
    unit: 'count',
    integer: true,
    min: 1,
    max: 1024,
    optional: true,
    description: 'Calls in flight at once (default: the engine’s own)',
  }),
  timeoutMs: num({
    unit: 'count',
    integer: true,
    min: 1,
    // Node's timers cannot wait past 2^31 − 1 ms: a longer one fires at once.
    max: 86_400_000,
    optional: true,
    description: 'Per-attempt timeout in milliseconds',
  }),
  retries: num({
    unit: 'count',
    integer: true,
    min: 0,
    max: 20,
    optional: true,
    description: 'Retries of a retryable failure (429, 5xx, timeout, dropped connection)',
  }),
  rps: num({
    unit: 'count',
    min: 0.001,
    max: 100_000,
    optional: true,
    description: 'At most this many calls started per second',
  }),
  maxRetryAfterMs: num({
    unit: 'count',
    integer: true,
    min: 0,
    max: 86_400_000,
    optional: true,
    description:
      'Longest wait a server may ask for with Retry-After, ms (default 120000); asked for more, the unit fails instead of waiting',
  }),
  maxTranscriptChars: num({
    unit: 'count',
    integer: true,
    min: 1,
    optional: true,
    description:
      'Longest transcript kept, characters (default 100000); a longer one is an error unit, not stored',
  }),
} as const;

/** A transcript past this many characters is an engine fault (an echo of a file, a runaway loop). */
export const DEFAULT_MAX_TRANSCRIPT_CHARS = 100_000;

export type DispatchKey = keyof typeof DISPATCH_PARAMS;
export const DISPATCH_KEYS = Object.keys(DISPATCH_PARAMS) as DispatchKey[];

export function isDispatchKey(key: string): key is DispatchKey {
  return Object.hasOwn(DISPATCH_PARAMS, key);
}

/** The user's overrides; unset keys fall back to the engine's defaults. */
export type DispatchOverrides = { -readonly [K in DispatchKey]?: number };

/**
 * The dispatch keys as a zod shape, for the suite file's engine entries (and so its JSON
 * Schema), generated from the declarations above.
 */
export function dispatchOptionsShape(): Record<DispatchKey, z.ZodOptional<z.ZodNumber>> {
  const shape = {} as Record<DispatchKey, z.ZodOptional<z.ZodNumber>>;
  for (const key of DISPATCH_KEYS) {
    const spec: NumberParam = DISPATCH_PARAMS[key];
    let n = spec.integer ? z.number().int() : z.number();
    if (spec.min !== undefined) n = n.min(spec.min);
    if (spec.max !== undefined) n = n.max(spec.max);
    shape[key] = n.optional().meta({ description: spec.description });
  }
  return shape;
}
