import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Dead audio bounded in a pool thread. A perturbation leaves a few arrays of the clip's length
 * behind per step (~1 MB a condition of a 3 s clip), held outside V8's heap and freed only when
 * V8 collects their small wrappers; V8 waits for 64 MB of such memory before it collects (its
 * external-memory limit), so a busy thread carried up to 64 MB of dead audio (issue 14).
 * Called when a thread is idle (worker.ts), this collects once it holds `bound` bytes more
 * than the least it held since the last collection: what it keeps alive, as near as a reading
 * after the fact can tell (a worker thread frees the buffers of a collection on its next
 * event-loop turn, after the call returns).
 */
export function deadAudioBound(bound = 16 * 1024 * 1024): () => void {
  // `gc` is not exposed without the start-up flag, which a worker thread cannot be given;
  // the flag set now applies to a context made after it, whose `gc` collects this isolate.
  setFlagsFromString('--expose-gc');
  // Called bare: with an options argument ({ type: 'major' }) Node 20's V8 freed no buffers.
  const gc = runInNewContext('gc') as () => void;
  let least = Number.POSITIVE_INFINITY;
  return () => {
    // This thread's ArrayBuffers (V8's external_memory lags: it is updated by collections).
    const held = process.memoryUsage().arrayBuffers;
    least = Math.min(least, held);
    if (held - least <= bound) return;
    gc();
    least = Number.POSITIVE_INFINITY;
  };
}
