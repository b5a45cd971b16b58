// The TypeScript generator before it moved to src/wasm/c/gaussian.c: test/dsp/gaussian-wasm.test.ts compares the two.
import type { Rng } from '../../src/rng.js';

/**
 * Bulk standard normal samples for noise beds, where millions are drawn per clip: the
 * ziggurat method (Marsaglia & Tsang 2000, in Doornik's 2005 ZIGNOR form, which takes the layer
 * and the uniform from separate random bits) with 256 layers, over a private xoshiro128**
 * stream (the generator src/rng.ts uses) seeded from four draws of `rng`. About 99 % of
 * samples cost one 32-bit draw, a table look-up and a compare — no log, sqrt or division —
 * and the generator state lives in local variables rather than behind an Rng call per number.
 * The result depends only on `rng`'s state, so it is as reproducible as any other draw.
 */
export function fillGaussian(out: Float32Array, rng: Rng): void {
  const word = () => Math.floor(rng.next() * TWO_POW_32) | 0;
  const state = Int32Array.of(word(), word(), word(), word());
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  // Filled in chunks: each call is optimised as a whole function, where one long loop would
  // be optimised by on-stack replacement, which V8 abandons when a rare branch is first taken.
  for (let i = 0; i < out.length; i += CHUNK) fill(out, i, Math.min(out.length, i + CHUNK), state);
}

const CHUNK = 16384;
const LAYERS = 256;
const R = 3.6541528853610088; // start of the tail
const V = 4.92867323399e-3; // area of each layer
const X = new Float64Array(LAYERS + 1); // layer edges, X[0] = V / f(R) (the base's width)
const RATIO = new Float64Array(LAYERS); // X[i + 1] / X[i]: |u| below it is inside the box
{
  let f = Math.exp(-0.5 * R * R);
  X[0] = V / f;
  X[1] = R;
  for (let i = 2; i < LAYERS; i++) {
    X[i] = Math.sqrt(-2 * Math.log(V / X[i - 1] + f));
    f = Math.exp(-0.5 * X[i] * X[i]);
  }
  X[LAYERS] = 0;
  for (let i = 0; i < LAYERS; i++) RATIO[i] = X[i + 1] / X[i];
}
const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_23 = 1 / 8388608;

/** Samples [from, to) of `out`; `state` is the xoshiro128** state, advanced in place. */
function fill(out: Float32Array, from: number, to: number, state: Int32Array): void {
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  for (let i = from; i < to; i++) {
    // One xoshiro128** step, inlined. Its top 24 bits (signed) are the uniform, its low 8
    // bits the layer: disjoint bits, so the two are independent, and 24 bits resolve the
    // output more finely than the float32 it is stored in needs.
    const w = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    const layer = w & 255;
    const u = ((w >> 8) + 0.5) * TWO_POW_MINUS_23; // in (−1, 1), never 0
    if (Math.abs(u) < RATIO[layer]) {
      out[i] = u * X[layer];
      continue;
    }
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
    out[i] = outside(u, layer, state);
    s0 = state[0];
    s1 = state[1];
    s2 = state[2];
    s3 = state[3];
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/** The ~1.5 % of draws outside their layer's box: the wedge test, the tail, or a fresh draw. */
function outside(u: number, layer: number, state: Int32Array): number {
  for (;;) {
    if (layer === 0) {
      // Marsaglia's tail beyond R: exact, by rejection from an exponential.
      let x: number;
      let y: number;
      do {
        x = Math.log(unit(state)) / R;
        y = Math.log(unit(state));
      } while (-2 * y < x * x);
      return u < 0 ? x - R : R - x;
    }
    const x = u * X[layer];
    const f0 = Math.exp(-0.5 * (X[layer] * X[layer] - x * x));
    const f1 = Math.exp(-0.5 * (X[layer + 1] * X[layer + 1] - x * x));
    if (f1 + unit(state) * (f0 - f1) < 1) return x;
    const w = word(state);
    u = ((w >> 8) + 0.5) * TWO_POW_MINUS_23;
    layer = w & 255;
    if (Math.abs(u) < RATIO[layer]) return u * X[layer];
  }
}

/** Uniform in (0, 1), never 0 (it is taken the log of). */
function unit(state: Int32Array): number {
  return ((word(state) >>> 0) + 0.5) / TWO_POW_32;
}

/** One xoshiro128** output (as a signed 32-bit integer). */
function word(state: Int32Array): number {
  const s1 = state[1];
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
  const t = s1 << 9;
  state[2] ^= state[0];
  state[3] ^= s1;
  state[1] ^= state[2];
  state[0] ^= state[3];
  state[2] ^= t;
  state[3] = rotl(state[3], 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
