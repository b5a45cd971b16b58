import { createHash } from 'node:crypto';
import { loadWasm, type WasmLibrary } from './wasm/load.js';

/**
 * A seeded random stream. Every random choice in lastmile comes from one of these, keyed by
 * what it is for (scenario seed, condition, clip id, step), so results do not depend on the
 * order or concurrency in which clips are processed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (mean 0, variance 1). */
  gaussian(): number;
  /**
   * out[from…to) ← the numbers that as many gaussian() calls would return, in order, leaving
   * the stream where they would: for bulk draws (a room's impulse response), at a fraction of
   * the cost of a call per number.
   */
  gaussians(out: Float64Array, from?: number, to?: number): void;
  /** An independent stream derived from this one's key and `label`. */
  fork(label: string): Rng;
}

/** A stream keyed by the given parts; the same parts always give the same numbers. */
export function createRng(...key: readonly (string | number)[]): Rng {
  return fromKey(JSON.stringify(key));
}

function fromKey(key: string): Rng {
  const digest = createHash('sha256').update(key).digest();
  // xoshiro128** (Blackman & Vigna): fast, 2^128 period, well-tested statistical quality.
  const s = new Uint32Array([
    digest.readUInt32LE(0),
    digest.readUInt32LE(4),
    digest.readUInt32LE(8),
    digest.readUInt32LE(12),
  ]);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  let spare: number | undefined;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  // 53 random bits, as Math.random has, from two draws.
  const next = (): number =>
    ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;

  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (n) => Math.floor(next() * n),
    gaussian: () => {
      if (spare !== undefined) {
        const g = spare;
        spare = undefined;
        return g;
      }
      // Marsaglia polar method: exact normals without trigonometry.
      let u: number;
      let v: number;
      let q: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        q = u * u + v * v;
      } while (q >= 1 || q === 0);
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      spare = v * f;
      return u * f;
    },
    gaussians: (out, from = 0, to = out.length) => {
      let i = from;
      if (i < to && spare !== undefined) {
        out[i++] = spare;
        spare = undefined;
      }
      i = to - i >= WASM_MIN ? polarPairsWasm(out, i, to, s) : polarPairs(out, i, to, s);
      // An odd count ends on the first of a pair, whose second is kept as gaussian() keeps it.
      if (i < to) {
        const pair = new Float64Array(2);
        polarPairs(pair, 0, 2, s);
        out[i] = pair[0];
        spare = pair[1];
      }
    },
    fork: (label) => fromKey(`${key}/${label}`),
  };
}

/** Below this many numbers the JavaScript loop is as fast as a call into the kernel. */
const WASM_MIN = 512;
/** Pairs per kernel call: 192 KB of the kernel's memory, reused. */
const CHUNK_PAIRS = 8192;

let scratch: { lib: WasmLibrary; state: number; buffer: number; qs: number } | undefined;

/**
 * The kernel's scratch for bulk draws, allocated once per process. After this, gaussians()
 * allocates nothing in gaussian.wasm's memory, so its `out` may be a view of that memory (a
 * room's response is drawn there): an allocation could grow the memory and detach the view.
 */
export function prepareBulkGaussians(): NonNullable<typeof scratch> {
  if (scratch === undefined) {
    const lib = loadWasm('gaussian.wasm');
    const state = lib.exports.lm_malloc(16);
    const buffer = lib.exports.lm_malloc(16 * CHUNK_PAIRS);
    const qs = lib.exports.lm_malloc(8 * CHUNK_PAIRS);
    if (!state || !buffer || !qs) throw new Error('gaussian.wasm: out of memory for polar pairs');
    scratch = { lib, state, buffer, qs };
  }
  return scratch;
}

/**
 * polarPairs in src/wasm/c/gaussian.c (`lm_polar_pairs`): the same draws and double arithmetic,
 * the log being fdlibm's, which V8's Math.log runs, so the numbers are bit-identical
 * (test/dsp/rng-polar-wasm.test.ts compares millions, and the kernel's log with Math.log). About
 * a third faster than the JavaScript loop: the rejections and the log–division–root chain in
 * separate passes, no call out of the module per pair.
 */
function polarPairsWasm(out: Float64Array, from: number, to: number, s: Uint32Array): number {
  const { lib, state, buffer, qs } = prepareBulkGaussians();
  new Uint32Array(lib.memory.buffer, state, 4).set(s);
  // A view of the kernel's own memory (a room's response) is written in place, not copied.
  const inKernel = out.buffer === lib.memory.buffer;
  let i = from;
  while (to - i >= 2) {
    const pairs = Math.min(CHUNK_PAIRS, (to - i) >> 1);
    if (inKernel) lib.exports.lm_polar_pairs(out.byteOffset + 8 * i, pairs, qs, state);
    else {
      lib.exports.lm_polar_pairs(buffer, pairs, qs, state);
      out.set(new Float64Array(lib.memory.buffer, buffer, 2 * pairs), i);
    }
    i += 2 * pairs;
  }
  s.set(new Uint32Array(lib.memory.buffer, state, 4));
  return i;
}

/**
 * Marsaglia polar pairs into out[from…) while two fit before `to`, exactly as gaussian() draws
 * them (the same next() arithmetic, from the state `s` held in locals); returns the index
 * after the last one written.
 */
function polarPairs(out: Float64Array, from: number, to: number, s: Uint32Array): number {
  let s0 = s[0];
  let s1 = s[1];
  let s2 = s[2];
  let s3 = s[3];
  let i = from;
  for (; i + 1 < to; i += 2) {
    let u: number;
    let v: number;
    let q: number;
    do {
      // next() twice, each from two xoshiro128** outputs, inlined.
      let a = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      let b = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      u = 2 * (((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992) - 1;
      a = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      b = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      v = 2 * (((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992) - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    out[i] = u * f;
    out[i + 1] = v * f;
  }
  s[0] = s0;
  s[1] = s1;
  s[2] = s2;
  s[3] = s3;
  return i;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
