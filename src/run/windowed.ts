/**
 * Runs `fn` over `items` with at most `width` in flight, in order; stops taking new items on
 * abort or after the first failure, and rethrows that failure once the lanes have settled.
 */
export async function forEachWindowed<T>(
  items: readonly T[],
  width: number,
  signal: AbortSignal,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !signal.aborted && !failed) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const lanes = Array.from({ length: Math.min(width, items.length) }, lane);
  const results = await Promise.allSettled(lanes);
  const rejected = results.find((r) => r.status === 'rejected');
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
}
