import { describe, expect, it } from 'vitest';
import { createRateLimiter, DEFAULT_BACKOFF, retryDelayMs } from '../../src/dispatch/backoff.js';
import { cacheKey, TranscriptCache } from '../../src/dispatch/cache.js';
import { createDispatcher } from '../../src/dispatch/dispatcher.js';
import { retryAfterMs } from '../../src/engines/http.js';
import type { Engine, EngineInput, EngineResult } from '../../src/engines/types.js';
import { tempDir } from '../helpers/corpus.js';

const input = (sha: string): EngineInput => ({
  unit: `clean|x|${sha}`,
  clipId: sha,
  audio: { samples: new Float32Array(4), sampleRate: 16000 },
  wav: Buffer.alloc(52),
  audioSha256: sha,
});

/** FAULT-INJECTING TEST DOUBLE engine: plays back a script of results, counting calls. */
function scripted(script: (EngineResult | 'hang')[]): Engine & { calls: number } {
  const engine = {
    id: 'scripted',
    config: { model: 'm' },
    defaults: { concurrency: 1, timeoutMs: 1000, retries: 3 },
    calls: 0,
    version: async () => 'test double',
    identity: async () => ({ version: 'test double', files: {} }),
    transcribe(_: EngineInput, { signal }: { signal: AbortSignal }): Promise<EngineResult> {
      const step = script[Math.min(engine.calls++, script.length - 1)];
      if (step !== 'hang') return Promise.resolve(step);
      return new Promise((resolve) =>
        signal.addEventListener('abort', () =>
          resolve({ ok: false, error: 'aborted', retryable: true }),
        ),
      );
    },
  };
  return engine;
}

describe('retry timing', () => {
  it('reads retry-after-ms, then Retry-After seconds or an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250.5', 'retry-after': '9' }))).toBe(
      250.5,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(
      3000,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });

  it('uses full jitter under an exponential ceiling, and honours a server hint up to the cap', () => {
    expect(retryDelayMs(1, undefined, DEFAULT_BACKOFF, () => 0.999)).toBeCloseTo(499.5);
    expect(retryDelayMs(4, undefined, DEFAULT_BACKOFF, () => 0.5)).toBe(2000);
    expect(retryDelayMs(20, undefined, DEFAULT_BACKOFF, () => 1)).toBe(30_000);
    expect(retryDelayMs(1, 1234, DEFAULT_BACKOFF)).toBe(1234);
    expect(retryDelayMs(1, 10_000_000, DEFAULT_BACKOFF)).toBe(120_000);
  });

  it('spaces calls to the requested rate', async () => {
    const take = createRateLimiter(50);
    const started = performance.now();
    for (let i = 0; i < 6; i++) await take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });
});

describe('dispatcher', () => {
  it('times out a hung call, retries it and records the attempts', async () => {
    const engine = scripted(['hang', { ok: true, text: 'fine' }]);
    const d = createDispatcher(engine, {
      concurrency: 1,
      timeoutMs: 50,
      retries: 2,
      backoff: { baseDelayMs: 1 },
    });
    expect(await d.call(input('a'))).toMatchObject({
      ok: true,
      text: 'fine',
      attempts: 2,
      cached: false,
    });
    expect(d.stats).toMatchObject({ calls: 2, retries: 1, failuresByReason: { timeout: 1 } });
  });

  it('does not retry a non-retryable failure', async () => {
    const engine = scripted([{ ok: false, error: 'HTTP 400: bad', retryable: false, status: 400 }]);
    const d = createDispatcher(engine, { concurrency: 1, timeoutMs: 50, retries: 5 });
    expect(await d.call(input('b'))).toMatchObject({
      ok: false,
      error: 'HTTP 400: bad',
      attempts: 1,
    });
    expect(engine.calls).toBe(1);
  });

  it('caches successes only, keyed by engine id, config and audio', async () => {
    const cache = new TranscriptCache(await tempDir('cache'));
    const failing = scripted([{ ok: false, error: 'HTTP 500', retryable: true, status: 500 }]);
    const d1 = createDispatcher(failing, { concurrency: 1, timeoutMs: 50, retries: 0, cache });
    expect((await d1.call(input('c'))).ok).toBe(false);
    const working = scripted([{ ok: true, text: 'hello' }]);
    const d2 = createDispatcher(working, { concurrency: 1, timeoutMs: 50, retries: 0, cache });
    expect(await d2.call(input('c'))).toMatchObject({ ok: true, cached: false, attempts: 1 });
    expect(await d2.call(input('c'))).toMatchObject({
      ok: true,
      text: 'hello',
      cached: true,
      attempts: 0,
    });
    expect(working.calls).toBe(1);
    expect(d2.stats.cacheHits).toBe(1);
    const id = { version: 'v1', files: {} };
    expect(cacheKey('scripted', { b: 1, a: 2 }, id, 'c')).toBe(
      cacheKey('scripted', { a: 2, b: 1 }, id, 'c'),
    );
    expect(cacheKey('scripted', { a: 2 }, id, 'c')).not.toBe(
      cacheKey('scripted', { a: 3 }, id, 'c'),
    );
  });

  it('never runs more calls at once than its concurrency', async () => {
    let active = 0;
    let peak = 0;
    const engine: Engine = {
      ...scripted([]),
      async transcribe() {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 10));
        active--;
        return { ok: true, text: '' };
      },
    };
    const d = createDispatcher(engine, { concurrency: 3, timeoutMs: 1000, retries: 0 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => d.call(input(`p${i}`))));
    expect(peak).toBe(3);
  });

  it('keeps no transcript longer than maxTranscriptChars: an error unit, not stored in the cache', async () => {
    const cache = new TranscriptCache(await tempDir('cache-long'));
    const engine = scripted([{ ok: true, text: 'x'.repeat(101) }]);
    const d = createDispatcher(engine, {
      concurrency: 1,
      timeoutMs: 1000,
      retries: 2,
      maxTranscriptChars: 100,
      cache,
    });
    const outcome = await d.call(input('long'));
    expect(outcome).toMatchObject({ ok: false, attempts: 1 });
    expect(!outcome.ok && outcome.error).toContain('longer than maxTranscriptChars (100)');
    expect(engine.calls).toBe(1);
    // Not cached: the same audio is sent again next time.
    await d.call(input('long'));
    expect(engine.calls).toBe(2);
  });

  it('fails a unit whose server asks to wait past maxRetryAfterMs instead of waiting', async () => {
    const engine = scripted([
      {
        ok: false,
        error: 'HTTP 429: slow down',
        retryable: true,
        status: 429,
        retryAfterMs: 3_600_000,
      },
      { ok: true, text: 'never reached' },
    ]);
    const d = createDispatcher(engine, {
      concurrency: 1,
      timeoutMs: 1000,
      retries: 3,
      backoff: { maxRetryAfterMs: 1000 },
    });
    const started = performance.now();
    const outcome = await d.call(input('wait'));
    expect(performance.now() - started).toBeLessThan(900);
    expect(engine.calls).toBe(1);
    expect(!outcome.ok && outcome.error).toMatch(
      /asked to wait 3600 s .* maxRetryAfterMs \(1000 ms\)/,
    );
  });
});
