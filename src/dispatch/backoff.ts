import { sleep } from '../engines/sleep.js';

/** Retry timing: exponential backoff with full jitter, unless the server named a wait. */
export interface BackoffOptions {
  /** First retry's upper bound, ms. */
  readonly baseDelayMs: number;
  /** Cap on any computed delay, ms. */
  readonly maxDelayMs: number;
  /** Cap on a server's Retry-After, ms (a misconfigured proxy can ask for hours). */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/**
 * Delay before retry number `retry` (1-based). With no server hint it is "full jitter"
 * (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015): uniform in
 * [0, min(max, base·2^(retry−1))), which spreads synchronized clients apart best. A server's
 * Retry-After / retry-after-ms is honoured as given, up to `maxRetryAfterMs`.
 */
export function retryDelayMs(
  retry: number,
  serverHintMs: number | undefined,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (serverHintMs !== undefined) return Math.min(serverHintMs, options.maxRetryAfterMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return random() * ceiling;
}

/**
 * Spaces calls at most `perSecond` apart on average: each caller is given the next free slot
 * (1/perSecond after the previous one) and waits for it.
 */
export function createRateLimiter(perSecond: number): (signal?: AbortSignal) => Promise<void> {
  const interval = 1000 / perSecond;
  let nextFree = 0;
  return async (signal) => {
    const now = performance.now();
    const slot = Math.max(now, nextFree);
    nextFree = slot + interval;
    await sleep(slot - now, signal);
  };
}
