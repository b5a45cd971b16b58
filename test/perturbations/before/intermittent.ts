// The code as it was before the speed work (commit bf065f4), kept as the reference
// test/perturbations/same-output.test.ts holds the rewritten code to, sample for sample.
import { raisedCosineEdge } from '../../../src/dsp/raised-cosine.js';
import { UserError } from '../../../src/errors.js';
import { choice, num, type Scalar, step } from '../../../src/perturbation/params.js';
import type { FindPerturbation } from '../../../src/perturbation/registry.js';
import { type AnyPerturbation, definePerturbation } from '../../../src/perturbation/types.js';

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
      const wet = await kind.apply(audio, values as never, {
        ...context,
        rng: rng.fork('inner'),
        note: (key, value) => note(`${kind.name}.${key}`, value),
      });
      const { samples, sampleRate } = audio;
      const windows = onWindows(samples.length / sampleRate, p.every, p.for, p.onsets, rng);
      const gate = windowGate(samples.length, sampleRate, windows, p.ramp);
      const out = crossfadeByGate(samples, wet.samples, gate);
      note('windows', windows.map(([a]) => Math.round(a * 1000) / 1000).join(' '));
      return { samples: out, sampleRate };
    },
  });

/**
 * Dry where the gate is 0, wet where it is 1, blended between. A plain function because a hot
 * loop inside an async function is poorly optimised.
 */
function crossfadeByGate(dry: Float32Array, wet: Float32Array, gate: Float32Array): Float32Array {
  const out = new Float32Array(dry.length);
  for (let i = 0; i < out.length; i++) {
    const g = gate[i];
    out[i] = g === 0 ? dry[i] : g === 1 ? wet[i] : dry[i] + g * (wet[i] - dry[i]);
  }
  return out;
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

/** 0/1 gate with raised-cosine ramps of `ramp` seconds inside each window's edges. */
export function windowGate(
  n: number,
  sampleRate: number,
  windows: readonly [number, number][],
  ramp: number,
): Float32Array {
  const gate = new Float32Array(n);
  const r = ramp * sampleRate;
  for (const [a, b] of windows) {
    const i0 = Math.ceil(a * sampleRate);
    const i1 = Math.min(n, Math.ceil(b * sampleRate));
    const startsAtZero = a <= 0;
    const endsAtEnd = b * sampleRate >= n;
    for (let i = i0; i < i1; i++) {
      const fromStart = startsAtZero ? Number.POSITIVE_INFINITY : i - a * sampleRate;
      const toEnd = endsAtEnd ? Number.POSITIVE_INFINITY : b * sampleRate - i;
      const d = Math.min(fromStart, toEnd);
      const g = r > 0 ? raisedCosineEdge(d / r) : 1;
      gate[i] = Math.max(gate[i], g);
    }
  }
  return gate;
}
