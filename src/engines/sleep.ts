/**
 * Resolves after `ms`, or early (without throwing) when `signal` aborts: waits that an
 * interrupted run or a timed-out call must cut short — retry backoff, rate limiting, audio
 * paced at real time.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
