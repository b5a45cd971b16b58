import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets the old generation grow to up to four times the live heap between full collections
 * when collections are cheap — and a run's are: its live heap is ~25 MB (modules, the plan,
 * the tally's indexes) however many units it has, while it allocates and drops a clip's audio,
 * rows and promises for every unit. Over a long run that headroom, not live data, is what
 * grew the peak RSS (bench/scale.ts, docs/scale.md). Growing the heap by at most half of
 * the live size after each full collection keeps a long run's heap near a short one's, for a
 * few more collections of a small heap (a CPU cost within the bench's noise).
 *
 * Process-wide, so called by the commands that run long (run, worker, merge), not by library
 * code. Takes effect at the next full collection.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=50');
}
