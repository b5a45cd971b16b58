import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { loadWasm } from '../../src/wasm/load.js';

/** Index of the first element whose bits differ (any NaN equals any NaN), or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  const ua = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const ub = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  if (ua.length !== ub.length) return 0;
  return ua.findIndex((v, i) => v !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i])));
}

/** gaussian.wasm's fdlibm log (`lm_log`) over xs. */
function kernelLog(xs: Float64Array): Float64Array {
  const lib = loadWasm('gaussian.wasm');
  const x = lib.exports.lm_malloc(8 * xs.length);
  const y = lib.exports.lm_malloc(8 * xs.length);
  try {
    new Float64Array(lib.memory.buffer, x, xs.length).set(xs);
    lib.exports.lm_log(y, x, xs.length);
    return new Float64Array(lib.memory.buffer, y, xs.length).slice();
  } finally {
    lib.exports.lm_free(x);
    lib.exports.lm_free(y);
  }
}

describe('rng.gaussians in WebAssembly (polar pairs, fdlibm log) equals gaussian() bit for bit', () => {
  it("the kernel's log equals this engine's Math.log on 3 M arguments", () => {
    const xs = new Float64Array(3_000_000);
    const bits = new Uint32Array(xs.buffer);
    const rng = createRng('polar-log');
    const word = () => Math.floor(rng.next() * 4294967296);
    for (let i = 0; i < xs.length; i++) {
      const kind = i % 4;
      if (kind === 0)
        xs[i] = rng.next(); // (0, 1): q's range
      else if (kind === 1)
        xs[i] = 1 + (rng.next() - 0.5) * 2 ** -18; // |f| < 2^-20 branch
      else if (kind === 2) xs[i] = 2 ** (Math.floor(rng.next() * 120) - 110) * (1 + rng.next());
      else {
        bits[2 * i] = word(); // any bit pattern: subnormals, huge, negative, NaN, ±∞
        bits[2 * i + 1] = word();
      }
    }
    xs.set([0, -0, 1, 2, 0.5, Number.MIN_VALUE, Number.MAX_VALUE, Infinity, -1, Math.SQRT1_2], 0);
    const expected = xs.map(Math.log);
    const got = kernelLog(xs);
    const at = firstDifference(got, expected);
    expect(at, at < 0 ? '' : `log(${xs[at]}): ${got[at]} ≠ ${expected[at]}`).toBe(-1);
  });

  it('4 M draws in room-sized calls, odd and even, against as many gaussian() calls', () => {
    const a = createRng('polar-wasm', 1);
    const b = createRng('polar-wasm', 1);
    let total = 0;
    for (const n of [512, 513, 40_000, 53_335, 16_384, 16_385, 1_000_001, 3_000_000, 777]) {
      const bulk = new Float64Array(n + 3);
      a.gaussians(bulk, 3, n + 3);
      const one = new Float64Array(n + 3);
      for (let i = 3; i < n + 3; i++) one[i] = b.gaussian();
      const at = firstDifference(bulk, one);
      expect(at, `n = ${n}, index ${at}`).toBe(-1);
      // The stream continues alike: the spare of an odd count, then the generator's state.
      expect(a.gaussian()).toBe(b.gaussian());
      expect(a.next()).toBe(b.next());
      total += n;
    }
    expect(total).toBeGreaterThan(4_000_000);
  });
});
