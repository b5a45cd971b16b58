import { peakOfRange } from '../src/audio/levels.js';
import { raisedCosineEdge } from '../src/dsp/raised-cosine.js';
import { UserError } from '../src/errors.js';
import { choice, num, type Scalar, step } from '../src/perturbation/params.js';
import type { FindPerturbation } from '../src/perturbation/registry.js';
import { type AnyPerturbation, definePerturbation } from '../src/perturbation/types.js';

/**
 * Equipment that switches on and off: the inner `step` (any other kind, written as in a chain,
 * e.g. `step: { alarm: { priority: high, snr: 5 } }`) is heard only inside time windows of
 * `for` seconds, with `ramp`-second raised-cosine fades in and out. `periodic` windows start
 * every `every` seconds from a random phase; `random` windows start as a Poisson process whose
 * gaps (end of one window to start of the next) average `every` − `for`, so on average the
 * step is on for/every of the time either way. The inner step is applied to the whole clip
 * and crossfaded in, so its own definitions hold inside the windows (an inner SNR is the SNR
 * while on). Outside the windows the clean input passes untouched.
 *
 * Built with the lookup its inner step is found by (the registry in `index.ts`), so this
 * file does not import the list of kinds it is part of.
 */
export const defineIntermittent = (findPerturbation: FindPerturbation) =>
  definePerturbation({
    name: 'intermittent',
    summary: 'Apply another step only in on/off time windows (periodic or random onsets)',
    details:
      'step: the inner step, e.g. { noise: { snr: 5 } } (not itself a wrapper). Windows last for seconds with ramp-second raised-cosine fades; periodic: one every every seconds from a random phase; random: Poisson onsets, mean gap every − for. Output = clean outside windows, the inner step’s output inside (inner SNR/levels hold while on).',
    params: {
      step: step({ description: 'The step to switch on and off, e.g. { noise: { snr: 5 } }' }),
      every: num({
        unit: 's',
        min: 0.1,
        max: 3600,
        default: 5,
        description: 'Window repetition (periodic) or mean onset spacing (random)',
      }),
      for: num({ unit: 's', min: 0.01, max: 3600, default: 1.5, description: 'Window length' }),
      onsets: choice({
        values: ['periodic', 'random'],
        default: 'periodic',
        description: 'Regular windows or Poisson onsets',
      }),
      ramp: num({
        unit: 's',
        min: 0,
        max: 1,
        default: 0.02,
        description: 'Fade in/out at each window edge',
      }),
    },
    check: (v) =>
      v.for > v.every ? [`for (${v.for} s) must not exceed every (${v.every} s)`] : [],
    async apply(audio, p, context) {
      const { rng, note } = context;
      const { kind, values } = innerStep(p.step, findPerturbation);
      const { samples, sampleRate } = audio;
      // The windows come from this step's stream and the inner step draws from its own fork,
      // so either may be drawn first.
      const windows = onWindows(samples.length / sampleRate, p.every, p.for, p.onsets, rng);
      const wet = await kind.apply(audio, values as never, {
        ...context,
        rng: rng.fork('inner'),
        note: (key, value) => note(`${kind.name}.${key}`, value),
        onlyIn: windowRanges(samples.length, sampleRate, windows),
      });
      // The inner step's output is this step's own (a new array), so the blend is written over
      // it; a step that passed its input through unchanged is copied first.
      const out = wet.samples === samples ? samples.slice() : wet.samples;
      const peak = gateInPlace(samples, out, sampleRate, windows, p.ramp);
      note('windows', windows.map(([a]) => Math.round(a * 1000) / 1000).join(' '));
      return { samples: out, sampleRate, peak };
    },
  });

/** The sample ranges [i0, i1) that gateInPlace takes from the inner step's output. */
function windowRanges(
  n: number,
  sampleRate: number,
  windows: readonly [number, number][],
): [number, number][] {
  const ranges: [number, number][] = [];
  for (const [a, b] of windows) {
    const i0 = Math.ceil(a * sampleRate);
    const i1 = Math.min(n, Math.ceil(b * sampleRate));
    if (i1 > i0) ranges.push([i0, i1]);
  }
  return ranges;
}

/** The inner kind and its complete values (defaults filled) from the drawn JSON. */
export function innerStep(
  json: string,
  findPerturbation: FindPerturbation,
): { kind: AnyPerturbation; values: Record<string, Scalar> } {
  const parsed = JSON.parse(json) as Record<string, Record<string, Scalar>>;
  const [name] = Object.keys(parsed);
  const kind = findPerturbation(name);
  if (!kind) throw new UserError(`intermittent: unknown inner step "${name}"`);
  if (kind.changesLength)
    throw new UserError(
      `intermittent.step ${name}: changes the clip's length, so it cannot be switched on and off in windows`,
    );
  const values: Record<string, Scalar> = {};
  for (const [key, spec] of Object.entries(kind.params)) {
    const v = parsed[name][key] ?? spec.default;
    if (v !== undefined) values[key] = v;
  }
  const problems = kind.check?.(values as never) ?? [];
  if (problems.length) throw new UserError(`intermittent.step ${name}: ${problems.join('; ')}`);
  return { kind, values };
}

/** [start, end) times in seconds of the on-windows within [0, duration). */
export function onWindows(
  duration: number,
  every: number,
  length: number,
  onsets: 'periodic' | 'random',
  rng: { uniform(a: number, b: number): number; next(): number },
): [number, number][] {
  const windows: [number, number][] = [];
  if (onsets === 'periodic') {
    for (let t = -rng.uniform(0, every); t < duration; t += every) {
      if (t + length > 0) windows.push([Math.max(0, t), Math.min(duration, t + length)]);
    }
    return windows;
  }
  const meanGap = Math.max(every - length, 1e-6);
  // Start in the stationary state: on with probability for/every.
  let t =
    rng.next() < length / every ? -rng.uniform(0, length) : -meanGap * Math.log(1 - rng.next());
  while (t < duration) {
    if (t + length > 0) windows.push([Math.max(0, t), Math.min(duration, t + length)]);
    t += length - meanGap * Math.log(1 - rng.next());
  }
  return windows;
}

/**
 * Turns `wet` (the inner step's output) into the intermittent output in place: `dry` where the
 * gate is 0, `wet` where it is 1, blended between. The gate is 0/1 with raised-cosine ramps of
 * `ramp` seconds inside each window's edges, rounded to float32 (it was first a float32 array;
 * the rounding is kept so the samples are too). Windows do not overlap, and only the samples
 * inside them need the gate computed. Returns the output's peak (max |sample|), taken as it
 * is written.
 */
export function gateInPlace(
  dry: Float32Array,
  wet: Float32Array,
  sampleRate: number,
  windows: readonly [number, number][],
  ramp: number,
): number {
  const n = dry.length;
  const r = ramp * sampleRate;
  let next = 0; // first sample not yet written
  let max = 0;
  for (const [a, b] of windows) {
    const i0 = Math.ceil(a * sampleRate);
    const i1 = Math.min(n, Math.ceil(b * sampleRate));
    if (i1 <= i0) continue;
    if (i0 > next) max = copyRange(dry, wet, next, i0, max);
    max = blendWindow(
      dry,
      wet,
      i0,
      i1,
      a * sampleRate,
      b * sampleRate,
      a <= 0,
      b * sampleRate >= n,
      r,
      max,
    );
    next = Math.max(next, i1);
  }
  if (next < n) max = copyRange(dry, wet, next, n, max);
  return max;
}

/** to[start…end) = from[start…end); returns max(peak, the copied samples' max |x|). */
function copyRange(
  from: Float32Array,
  to: Float32Array,
  start: number,
  end: number,
  peak: number,
): number {
  to.set(from.subarray(start, end), start);
  return peakOfRange(from, start, end, peak);
}

/**
 * One window [i0, i1): from sample positions a to b (in samples), ramps of r samples. Between
 * the ramps the gate is 1 and the output is `wet` as it is: only its peak is taken there. That
 * stretch is found from the ends (the gate's argument, d / r, rises from one end and falls
 * towards the other, so where it is ≥ 1 from both is one interval) and costs a ramp's length.
 */
function blendWindow(
  dry: Float32Array,
  wet: Float32Array,
  i0: number,
  i1: number,
  a: number,
  b: number,
  startsAtZero: boolean,
  endsAtEnd: boolean,
  r: number,
  peak: number,
): number {
  const open = (i: number) =>
    r <= 0 || ((startsAtZero || (i - a) / r >= 1) && (endsAtEnd || (b - i) / r >= 1));
  let j0 = i0;
  while (j0 < i1 && !open(j0)) j0++;
  let j1 = i1;
  while (j1 > j0 && !open(j1 - 1)) j1--;
  let max = blendRange(dry, wet, i0, j0, a, b, startsAtZero, endsAtEnd, r, peak);
  max = peakOfRange(wet, j0, j1, max);
  return blendRange(dry, wet, j1, i1, a, b, startsAtZero, endsAtEnd, r, max);
}

/** The blend sample by sample over [i0, i1) of a window (see blendWindow). */
function blendRange(
  dry: Float32Array,
  wet: Float32Array,
  i0: number,
  i1: number,
  a: number,
  b: number,
  startsAtZero: boolean,
  endsAtEnd: boolean,
  r: number,
  peak: number,
): number {
  let max = peak;
  for (let i = i0; i < i1; i++) {
    const fromStart = startsAtZero ? Number.POSITIVE_INFINITY : i - a;
    const toEnd = endsAtEnd ? Number.POSITIVE_INFINITY : b - i;
    const d = Math.min(fromStart, toEnd);
    const g = Math.fround(Math.max(0, r > 0 ? raisedCosineEdge(d / r) : 1));
    const x = dry[i];
    const y = g === 0 ? x : g === 1 ? wet[i] : Math.fround(x + g * (wet[i] - x));
    wet[i] = y;
    const m = Math.abs(y);
    if (m > max) max = m;
  }
  return max;
}
