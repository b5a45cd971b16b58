import { Heap, loadWasm } from '../wasm/load.js';

/**
 * Level arithmetic shared by every perturbation and test. Levels are in dB relative to a
 * full-scale square wave (RMS 1.0 = 0 dBFS); a full-scale sine therefore reads -3.01 dBFS.
 */

/** Root mean square of all samples (0 for an empty array). */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / samples.length);
}

export function peak(samples: Float32Array): number {
  return peakOfRange(samples);
}

/**
 * max(peak, max |x[i]|) for i in [from, to), a NaN sample passed over (as `if (a > max)` passes
 * it): in the levels kernel (src/wasm/c/p56.c `lm_peak`, sixteen samples a step) through a
 * window of its memory, where a JavaScript loop took ~1.5 ns a sample.
 */
export function peakOfRange(x: Float32Array, from = 0, to = x.length, peak = 0): number {
  let max = peak;
  if (to - from < PEAK_KERNEL_MIN) {
    for (let i = from; i < to; i++) {
      const a = Math.abs(x[i]);
      if (a > max) max = a;
    }
    return max;
  }
  const lib = loadWasm('p56.wasm');
  peakWindow ??= lib.exports.lm_malloc(4 * PEAK_CHUNK);
  if (!peakWindow) throw new Error('p56.wasm: out of memory for the peak window');
  for (let i = from; i < to; i += PEAK_CHUNK) {
    const end = Math.min(to, i + PEAK_CHUNK);
    new Float32Array(lib.memory.buffer, peakWindow, end - i).set(x.subarray(i, end));
    max = lib.exports.lm_peak(peakWindow, end - i, max);
  }
  return max;
}

/** Below this many samples the JavaScript loop costs less than a call into the kernel. */
const PEAK_KERNEL_MIN = 64;
const PEAK_CHUNK = 16384;
let peakWindow: number | undefined;

export function toDb(amplitude: number): number {
  return 20 * Math.log10(amplitude);
}

export function fromDb(db: number): number {
  return 10 ** (db / 20);
}

/** How a clip's signal power is defined when a target SNR is set. */
export type SignalReference = 'active' | 'rms';

/**
 * Active speech level in the manner of ITU-T P.56 method B: an envelope with a 0.03 s time
 * constant and 0.2 s hangover marks samples as active when they sit above a threshold that
 * floats 15.9 dB below the level of the active samples; the level is the RMS over active time.
 * Returns the level as an RMS amplitude (not dB) and the active fraction. Clips with silence
 * padding read the same active level however much silence they carry, which whole-clip RMS
 * does not.
 *
 * Counting activity per threshold sample by sample costs one pass over every threshold for
 * every sample. Instead: a sample is active for threshold c_j exactly when the envelope reached
 * c_j within the last `hangover` samples (itself included), i.e. when k_t > j for some t in that
 * window, k_t being the number of thresholds the envelope reaches at t. k moves in rare steps
 * (the envelope is smooth and thresholds are 2 dB apart), so the windowed maximum of k is kept
 * over runs of equal k (a monotonic deque, at most one entry per threshold), samples are counted
 * per windowed maximum only when a run starts or leaves the window, and the counts are
 * cumulated from the top: the same counts as the per-threshold loop, at the cost of the
 * envelope alone.
 */
export function activeSpeechLevel(
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
  const { sumSquares, activityCount } = countActivity(
    samples,
    thresholds,
    Math.exp(-1 / (sampleRate * 0.03)),
    Math.round(0.2 * sampleRate),
  );
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

/**
 * The P.56 envelope and per-threshold activity counts (see activeSpeechLevel), run in a
 * WebAssembly kernel (src/wasm/c/p56.c: the same double arithmetic as the TypeScript class it
 * replaced, about 2× faster). The clip is copied in a chunk at a time, so the copy stays in
 * cache and the kernel's memory stays small whatever the clip's length.
 */
function countActivity(
  samples: Float32Array,
  thresholds: readonly number[],
  g: number,
  hangover: number,
): { sumSquares: number; activityCount: Float64Array } {
  const lib = loadWasm('p56.wasm');
  const heap = new Heap(lib);
  const nT = thresholds.length;
  const n = samples.length;
  try {
    const state = heap.alloc(lib.exports.lm_p56_size());
    const c = heap.alloc(8 * nT);
    const chunk = Math.min(n, ACTIVITY_CHUNK);
    const x = heap.alloc(4 * chunk);
    const result = heap.alloc(8 * (nT + 1));
    new Float64Array(lib.memory.buffer, c, nT).set(thresholds);
    if (!lib.exports.lm_p56_init(state, c, nT, g, hangover))
      throw new Error(`p56.wasm: ${nT} thresholds is more than it holds`);
    const view = new Float32Array(lib.memory.buffer, x, chunk);
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      view.set(samples.subarray(i, i + m));
      lib.exports.lm_p56_feed(state, x, i, m);
    }
    lib.exports.lm_p56_finish(state, n, result);
    const out = new Float64Array(lib.memory.buffer, result, nT + 1);
    return { sumSquares: out[0], activityCount: out.slice(1) };
  } finally {
    heap.free();
  }
}

const ACTIVITY_CHUNK = 65536;

/** The signal level used for SNR under the given definition, as an RMS amplitude. */
export function signalLevel(
  samples: Float32Array,
  sampleRate: number,
  reference: SignalReference,
): number {
  return reference === 'active' ? activeSpeechLevel(samples, sampleRate).level : rms(samples);
}

/** How mixAtSnr may save work when its caller already has what it needs. */
export interface MixOptions {
  /** rms(noise), when the caller computed it while making the noise. */
  readonly noiseRms?: number;
  /**
   * Write the mix over `noise` (which must be as long as the signal) instead of a new array:
   * for a noise bed made for this one mix, it saves allocating and touching a clip-sized array.
   */
  readonly inPlace?: boolean;
  /**
   * Mix only these sample ranges [start, end) (in order, not overlapping): the caller uses no
   * other sample (an intermittent step's windows). Elsewhere `mixed` keeps what it held — the
   * noise when in place. No peak is returned then.
   */
  readonly only?: readonly (readonly [number, number])[];
}

/**
 * Adds `noise` to `signal` scaled so that signalLevel(signal) / rms(noise) = snrDb, noise RMS
 * taken over the whole clip. Returns the mix, the gain applied to the noise and the mix's
 * peak (max |sample|, taken while writing it, so the pipeline's level check needs no pass of
 * its own). A silent noise or signal leaves the signal unchanged (gain 0, no peak taken).
 */
export function mixAtSnr(
  signal: Float32Array,
  noise: Float32Array,
  snrDb: number,
  signalRms: number,
  options: MixOptions = {},
): { mixed: Float32Array; noiseGain: number; peak?: number } {
  const noiseRms = options.noiseRms ?? rms(noise);
  if (options.inPlace && noise.length !== signal.length)
    throw new Error(
      `mixAtSnr in place: noise has ${noise.length} samples, signal ${signal.length}`,
    );
  const mixed = options.inPlace ? noise : new Float32Array(signal.length);
  if (noiseRms === 0 || signalRms === 0) {
    mixed.set(signal);
    return { mixed, noiseGain: 0 };
  }
  const gain = signalRms / fromDb(snrDb) / noiseRms;
  const max = mixRanges(mixed, signal, noise, gain, options.only ?? [[0, signal.length]]);
  return { mixed, noiseGain: gain, peak: options.only ? undefined : max };
}

/**
 * mixed[i] = signal[i] + gain · noise[i] over the ranges, rounded to float32, and the peak of
 * what was written: in the levels kernel (src/wasm/c/p56.c `lm_mix`, the same double arithmetic
 * two samples per vector, bit-identical to the loop it replaced), a chunk at a time through
 * windows in its memory that stay in cache. `mixed` may be `noise`.
 */
function mixRanges(
  mixed: Float32Array,
  signal: Float32Array,
  noise: Float32Array,
  gain: number,
  ranges: readonly (readonly [number, number])[],
): number {
  const lib = loadWasm('p56.wasm');
  const heap = new Heap(lib);
  try {
    const [s, x] = [heap.alloc(4 * MIX_CHUNK), heap.alloc(4 * MIX_CHUNK)];
    const sView = new Float32Array(lib.memory.buffer, s, MIX_CHUNK);
    const xView = new Float32Array(lib.memory.buffer, x, MIX_CHUNK);
    let max = 0;
    for (const [from, to] of ranges)
      for (let i = from; i < to; i += MIX_CHUNK) {
        const end = Math.min(to, i + MIX_CHUNK);
        sView.set(signal.subarray(i, end));
        xView.set(noise.subarray(i, end));
        max = lib.exports.lm_mix(x, s, x, gain, end - i, max);
        mixed.set(xView.subarray(0, end - i), i);
      }
    return max;
  } finally {
    heap.free();
  }
}

const MIX_CHUNK = 16384;

/** Adds `noise` scaled so its RMS is `levelDbfs`. */
export function mixAtLevel(
  signal: Float32Array,
  noise: Float32Array,
  levelDbfs: number,
  options: MixOptions = {},
): { mixed: Float32Array; noiseGain: number; peak?: number } {
  return mixAtSnr(signal, noise, -levelDbfs, 1, options);
}
