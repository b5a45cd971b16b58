// src/audio/levels.ts's activeSpeechLevel as it was before the WebAssembly kernel (commit bf065f4):
// the reference test/audio/levels-wasm.test.ts holds the kernel to, bit for bit.
import { fromDb, toDb } from '../../src/audio/levels.js';

export function activeSpeechLevelBefore(
  samples: Float32Array,
  sampleRate: number,
): { level: number; activity: number } {
  const n = samples.length;
  if (n === 0) return { level: 0, activity: 0 };
  const margin = 15.9; // dB, P.56 "M"
  // P.56 uses powers of two (6.02 dB steps); finer steps make the interpolation below more
  // precise at no real cost.
  const stepDb = 2;
  const thresholds: number[] = [];
  for (let db = -100; db <= 10; db += stepDb) thresholds.push(fromDb(db));
  const counter = new ActivityCounter(
    Float64Array.from(thresholds),
    Math.exp(-1 / (sampleRate * 0.03)),
    Math.round(0.2 * sampleRate),
  );
  // Fed in chunks so the loop is optimised as a whole function call, not by on-stack
  // replacement, which V8 abandons repeatedly as rare branches are first taken.
  for (let i = 0; i < n; i += 16384) counter.feed(samples, i, Math.min(n, i + 16384));
  const { sumSquares, activityCount } = counter.finish(n);
  if (sumSquares === 0) return { level: 0, activity: 0 };

  // For each threshold c_j, A_j = 10log10(sumSquares / activity_j) is the candidate active
  // level; the answer is where A_j - C_j crosses the margin.
  const diffs = thresholds.map((c, j) =>
    activityCount[j] === 0
      ? Number.NEGATIVE_INFINITY
      : 10 * Math.log10(sumSquares / activityCount[j]) - toDb(c),
  );
  for (let j = 1; j < thresholds.length; j++) {
    if (diffs[j - 1] >= margin && diffs[j] <= margin) {
      const aPrev = 10 * Math.log10(sumSquares / activityCount[j - 1]);
      const aNext = 10 * Math.log10(sumSquares / activityCount[j]);
      const t = diffs[j - 1] === diffs[j] ? 0 : (diffs[j - 1] - margin) / (diffs[j - 1] - diffs[j]);
      const levelDb = aPrev + t * (aNext - aPrev);
      const activeSamples = sumSquares / 10 ** (levelDb / 10);
      return { level: fromDb(levelDb), activity: Math.min(1, activeSamples / n) };
    }
  }
  // No crossing: the signal is stationary-ish (tone, noise); its active level is its RMS.
  return { level: Math.sqrt(sumSquares / n), activity: 1 };
}

/** The P.56 envelope and per-threshold activity counts (see activeSpeechLevel). */
class ActivityCounter {
  sumSquares = 0;
  private p = 0;
  private q = 0;
  private k = 0; // thresholds reached by the envelope now
  private cur = 0; // k of the open run
  private windowMax = 0;
  private since = 0; // first sample not yet counted
  private nextExpiry = -1; // sample at which the front run leaves the window
  // samplesAt[k]: samples whose windowed maximum of k is k (active for thresholds 0..k−1).
  private readonly samplesAt: Float64Array;
  // Closed runs (last index, k) with k strictly decreasing from the front: a ring of nT + 1.
  private readonly runEnd: Int32Array;
  private readonly runK: Int32Array;
  private head = 0;
  private size = 0;

  constructor(
    private readonly c: Float64Array,
    private readonly g: number,
    private readonly hangover: number,
  ) {
    this.samplesAt = new Float64Array(c.length + 1);
    this.runEnd = new Int32Array(c.length + 1);
    this.runK = new Int32Array(c.length + 1);
  }

  feed(samples: Float32Array, from: number, to: number): void {
    const { c, g } = this;
    const nT = c.length;
    let { p, q, k, cur, nextExpiry, sumSquares } = this;
    for (let i = from; i < to; i++) {
      const x = samples[i];
      sumSquares += x * x;
      p = g * p + (1 - g) * Math.abs(x);
      q = g * q + (1 - g) * p;
      while (k < nT && q >= c[k]) k++;
      while (k > 0 && q < c[k - 1]) k--;
      if (k === cur && i !== nextExpiry) continue;
      this.event(i, k);
      cur = k;
      nextExpiry = this.nextExpiry;
    }
    this.p = p;
    this.q = q;
    this.k = k;
    this.sumSquares = sumSquares;
  }

  /** A run of k starts at i, or the front run leaves the window: count the samples before i. */
  private event(i: number, k: number): void {
    const { runEnd, runK, hangover } = this;
    const cap = runK.length;
    this.samplesAt[this.windowMax] += i - this.since;
    this.since = i;
    if (k !== this.cur) {
      // The run of `cur` ended at i − 1; runs behind it that are not larger expire sooner.
      while (this.size > 0 && runK[(this.head + this.size - 1) % cap] <= this.cur) this.size--;
      if (this.cur > 0) {
        const at = (this.head + this.size) % cap;
        runEnd[at] = i - 1;
        runK[at] = this.cur;
        this.size++;
      }
      this.cur = k;
    }
    while (this.size > 0 && runEnd[this.head] + hangover < i) {
      this.head = (this.head + 1) % cap;
      this.size--;
    }
    const front = this.size > 0 ? runK[this.head] : 0;
    this.nextExpiry = this.size > 0 ? runEnd[this.head] + hangover + 1 : -1;
    this.windowMax = Math.max(front, this.cur);
  }

  /** Activity per threshold j: the samples whose windowed maximum k exceeds j. */
  finish(n: number): { sumSquares: number; activityCount: Float64Array } {
    this.samplesAt[this.windowMax] += n - this.since;
    this.since = n;
    const activityCount = new Float64Array(this.c.length);
    let above = 0;
    for (let j = this.c.length - 1; j >= 0; j--) {
      above += this.samplesAt[j + 1];
      activityCount[j] = above;
    }
    return { sumSquares: this.sumSquares, activityCount };
  }
}

/** mixAtSnr's mixing loop as it was in TypeScript: mixed[i] = signal[i] + gain · noise[i]. */
export function mixIntoBefore(
  mixed: Float32Array,
  signal: Float32Array,
  noise: Float32Array,
  gain: number,
  from: number,
  to: number,
  peak: number,
): number {
  let max = peak;
  for (let i = from; i < to; i++) {
    const y = Math.fround(signal[i] + gain * noise[i]);
    mixed[i] = y;
    const a = Math.abs(y);
    if (a > max) max = a;
  }
  return max;
}
