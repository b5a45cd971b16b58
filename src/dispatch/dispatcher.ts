import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { DEFAULT_MAX_TRANSCRIPT_CHARS } from '../engines/dispatch-options.js';
import { redact } from '../engines/secrets.js';
import { sleep } from '../engines/sleep.js';
import type { Engine, EngineIdentity, EngineInput, EngineResult } from '../engines/types.js';
import { isUserError } from '../errors.js';
import {
  type BackoffOptions,
  createRateLimiter,
  DEFAULT_BACKOFF,
  retryDelayMs,
} from './backoff.js';
import { cacheKey, type TranscriptCache } from './cache.js';

export interface DispatchOptions {
  /** Calls in flight at once (p-limit); a call holds its slot through its retries. */
  readonly concurrency: number;
  /** Per attempt; the engine's signal aborts when it passes. */
  readonly timeoutMs: number;
  /** Retries after the first attempt, for retryable failures only. */
  readonly retries: number;
  /** Optional cap on attempts started per second (cache hits do not count). */
  readonly rps?: number;
  readonly backoff?: Partial<BackoffOptions>;
  /** A longer transcript is an error unit (DEFAULT_MAX_TRANSCRIPT_CHARS when absent). */
  readonly maxTranscriptChars?: number;
  /** Absent: no caching (`--no-cache`). */
  readonly cache?: TranscriptCache;
  /** The run's own signal (Ctrl-C): calls end as `interrupted` and are not recorded. */
  readonly signal?: AbortSignal;
  /** For tests: the jitter source. */
  readonly random?: () => number;
}

/** One unit's final outcome after cache, retries and timeouts. */
export type CallOutcome =
  | {
      readonly ok: true;
      readonly text: string;
      readonly cached: boolean;
      readonly attempts: number;
      readonly latencyMs: number;
    }
  | {
      readonly ok: false;
      readonly error: string;
      readonly cached: false;
      readonly attempts: number;
      readonly latencyMs: number;
      /** The run was interrupted: not a result, leave the unit for resume. */
      readonly interrupted?: boolean;
    };

/** Running totals for progress display and run.json. */
export interface DispatchStats {
  /** Attempts sent to the engine (cache hits excluded). */
  calls: number;
  retries: number;
  cacheHits: number;
  successes: number;
  failures: number;
  /** Failures by reason class, e.g. `HTTP 429`, `timeout`, `connection`. */
  readonly failuresByReason: Record<string, number>;
}

export interface Dispatcher {
  readonly engine: Engine;
  readonly stats: DispatchStats;
  call(input: EngineInput): Promise<CallOutcome>;
}

/**
 * The one road every engine call takes: cache lookup, bounded concurrency, optional rate
 * limit, a timeout per attempt, and retries with backoff on failures the engine marks
 * retryable (and on timeouts). A call that still fails comes back as an error value — the
 * caller records it as missing data. Only a user error (a missing binary, say) is thrown.
 */
export function createDispatcher(engine: Engine, options: DispatchOptions): Dispatcher {
  const limit = pLimit(Math.max(1, options.concurrency));
  const throttle = options.rps ? createRateLimiter(options.rps) : undefined;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const stats: DispatchStats = {
    calls: 0,
    retries: 0,
    cacheHits: 0,
    successes: 0,
    failures: 0,
    failuresByReason: {},
  };
  const runSignal = options.signal ?? new AbortController().signal;
  // Every attempt links its timeout to the run's signal; hundreds in flight are expected.
  setMaxListeners(0, runSignal);

  async function attempt(input: EngineInput): Promise<EngineResult & { timedOut?: boolean }> {
    // The attempt's signal aborts on its timeout or with the run. Linked by hand, not with
    // AbortSignal.any: on Node 20 that leaves a WeakRef per call on the run's signal for the
    // whole run (100,000 calls: ~100,000 WeakRefs; bench/scale.ts), and a run's memory must
    // not grow with its units.
    const controller = new AbortController();
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    const onRunAbort = () => controller.abort();
    if (runSignal.aborted) controller.abort();
    else runSignal.addEventListener('abort', onRunAbort, { once: true });
    const signal = controller.signal;
    // An engine that ignores its signal must not hold the run: give up 1 s after an abort.
    let release = () => {};
    const abandoned = new Promise<EngineResult>((resolve) => {
      const onAbort = () => {
        const grace = setTimeout(
          () => resolve({ ok: false, error: 'aborted', retryable: true }),
          1000,
        );
        release = () => clearTimeout(grace);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      release = () => signal.removeEventListener('abort', onAbort);
    });
    stats.calls++;
    try {
      const result = await Promise.race([engine.transcribe(input, { signal }), abandoned]);
      if (timedOut && !runSignal.aborted)
        return {
          ok: false,
          error: `timed out after ${options.timeoutMs} ms`,
          retryable: true,
          timedOut: true,
        };
      return result;
    } catch (e) {
      if (isUserError(e)) throw e;
      return {
        ok: false,
        error: `engine failed: ${(e as Error)?.message ?? String(e)}`,
        retryable: false,
      };
    } finally {
      clearTimeout(timeout);
      runSignal.removeEventListener('abort', onRunAbort);
      release();
    }
  }

  // Hashing model files happens once per run, on the first call that consults the cache.
  let identity: Promise<EngineIdentity> | undefined;
  const identityOnce = () => {
    identity ??= engine.identity();
    return identity;
  };

  async function callEngine(input: EngineInput, key: string | undefined): Promise<CallOutcome> {
    let attempts = 0;
    const errors: string[] = [];
    for (;;) {
      if (runSignal.aborted) return interrupted(attempts);
      await throttle?.(runSignal);
      if (runSignal.aborted) return interrupted(attempts);
      attempts++;
      const started = performance.now();
      const result = await attempt(input);
      const latencyMs = Math.round(performance.now() - started);
      if (runSignal.aborted) return interrupted(attempts);
      const maxChars = options.maxTranscriptChars ?? DEFAULT_MAX_TRANSCRIPT_CHARS;
      if (result.ok && result.text.length > maxChars) {
        stats.failures++;
        return {
          ok: false,
          error: `transcript of ${result.text.length} characters is longer than maxTranscriptChars (${maxChars}); not stored (raise it with --engine-config maxTranscriptChars=N)`,
          cached: false,
          attempts,
          latencyMs,
        };
      }
      if (result.ok) {
        stats.successes++;
        // Redacted before it is kept anywhere: the cache outlives the key, and a transcript
        // holding an old key must not come back after the key is rotated.
        const text = redact(result.text);
        if (key && options.cache)
          await options.cache.set(key, {
            text,
            engine: engine.id,
            audioSha256: input.audioSha256,
            version: (await identityOnce()).version,
            createdAt: new Date().toISOString(),
            latencyMs,
          });
        return { ok: true, text, cached: false, attempts, latencyMs };
      }
      const reason = reasonClass(result);
      stats.failuresByReason[reason] = (stats.failuresByReason[reason] ?? 0) + 1;
      errors.push(redact(result.error));
      if (!result.retryable || attempts > options.retries) {
        stats.failures++;
        const history =
          errors.length > 1 ? ` (after ${attempts} attempts: ${summarize(errors)})` : '';
        return {
          ok: false,
          error: `${errors[errors.length - 1]}${history}`,
          cached: false,
          attempts,
          latencyMs,
        };
      }
      if (result.retryAfterMs !== undefined && result.retryAfterMs > backoff.maxRetryAfterMs) {
        stats.failures++;
        return {
          ok: false,
          error: `${errors[errors.length - 1]}; the server asked to wait ${Math.round(result.retryAfterMs / 1000)} s before retrying, more than maxRetryAfterMs (${backoff.maxRetryAfterMs} ms), so it was not retried`,
          cached: false,
          attempts,
          latencyMs,
        };
      }
      stats.retries++;
      await sleep(retryDelayMs(attempts, result.retryAfterMs, backoff, options.random), runSignal);
    }
  }

  return {
    engine,
    stats,
    async call(input) {
      const key = options.cache
        ? cacheKey(engine.id, engine.config, await identityOnce(), input.audioSha256)
        : undefined;
      if (key && options.cache) {
        const started = performance.now();
        const hit = await options.cache.get(key);
        if (hit) {
          stats.cacheHits++;
          return {
            ok: true,
            text: redact(hit.text),
            cached: true,
            attempts: 0,
            latencyMs: Math.round(performance.now() - started),
          };
        }
      }
      return limit(() => callEngine(input, key));
    },
  };
}

function interrupted(attempts: number): CallOutcome {
  return {
    ok: false,
    error: 'interrupted',
    cached: false,
    attempts,
    latencyMs: 0,
    interrupted: true,
  };
}

/** A short class for counting failures: `HTTP 503`, `timeout`, `connection`, `other`. */
function reasonClass(
  result: Extract<EngineResult, { ok: false }> & { timedOut?: boolean },
): string {
  if (result.timedOut) return 'timeout';
  if (result.status !== undefined) return `HTTP ${result.status}`;
  if (result.error.startsWith('connection failed')) return 'connection';
  if (result.error.startsWith('malformed JSON')) return 'malformed response';
  return 'other';
}

/** "HTTP 500 ×2, timed out after 100 ms" — earlier attempts' errors, counted. */
function summarize(errors: string[]): string {
  const counts = new Map<string, number>();
  for (const e of errors) {
    const short = e.split(':')[0];
    counts.set(short, (counts.get(short) ?? 0) + 1);
  }
  return [...counts].map(([e, n]) => (n > 1 ? `${e} ×${n}` : e)).join(', ');
}
