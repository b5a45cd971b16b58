import type { Rng } from '../rng.js';
import { Heap, loadWasm, type WasmLibrary } from '../wasm/load.js';

/**
 * Bulk standard normal samples for noise beds, where millions are drawn per clip: the
 * ziggurat method (Marsaglia & Tsang 2000, in Doornik's 2005 ZIGNOR form, which takes the layer
 * and the uniform from separate random bits) with 256 layers, over a private xoshiro128**
 * stream (the generator src/rng.ts uses) seeded from four draws of `rng`. About 99 % of
 * samples cost one 32-bit draw, a table look-up and a compare — no log, sqrt or division.
 * The result depends only on `rng`'s state, so it is as reproducible as any other draw.
 *
 * The loop runs in a WebAssembly kernel (src/wasm/c/gaussian.c: the TypeScript loop it
 * replaced, operation for operation, about 3× faster; test/dsp/gaussian-wasm.test.ts keeps
 * that loop and compares), whose rare path calls this engine's Math.exp and Math.log, so the
 * samples are bit-identical. It fills a chunk of the kernel's memory at a time, copied out.
 */
export function fillGaussian(out: Float32Array, rng: Rng): void {
  fill(out, rng, false);
}

/**
 * fillGaussian, returning Σ out[i]² in sample order (as rms() sums it), taken by the kernel as
 * it draws (the same double operations as the loop over each chunk it replaced): a white bed's
 * level needs no pass of its own.
 */
export function fillGaussianWithEnergy(out: Float32Array, rng: Rng): number {
  return fill(out, rng, true);
}

function fill(out: Float32Array, rng: Rng, energy: boolean): number {
  const word = () => Math.floor(rng.next() * TWO_POW_32) | 0;
  const state = Int32Array.of(word(), word(), word(), word());
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  if (out.length === 0) return 0;
  const lib = loadWasm('gaussian.wasm');
  const { x, ratio } = tablesIn(lib);
  const heap = new Heap(lib);
  try {
    const chunk = Math.min(out.length, CHUNK);
    const buffer = heap.alloc(4 * chunk);
    const s = heap.alloc(16);
    new Int32Array(lib.memory.buffer, s, 4).set(state);
    let sum = 0;
    for (let i = 0; i < out.length; i += chunk) {
      const m = Math.min(chunk, out.length - i);
      if (energy) sum = lib.exports.lm_gaussian_fill_energy(buffer, m, s, x, ratio, sum);
      else lib.exports.lm_gaussian_fill(buffer, m, s, x, ratio);
      out.set(new Float32Array(lib.memory.buffer, buffer, m), i);
    }
    return sum;
  } finally {
    heap.free();
  }
}

let tables: { lib: WasmLibrary; x: number; ratio: number } | undefined;

/** X and RATIO in the kernel's memory, put there once per process. */
function tablesIn(lib: WasmLibrary): { x: number; ratio: number } {
  if (tables?.lib === lib) return tables;
  const x = lib.exports.lm_malloc(8 * X.length);
  const ratio = lib.exports.lm_malloc(8 * RATIO.length);
  if (!x || !ratio) throw new Error('gaussian.wasm: out of memory for its tables');
  new Float64Array(lib.memory.buffer, x, X.length).set(X);
  new Float64Array(lib.memory.buffer, ratio, RATIO.length).set(RATIO);
  tables = { lib, x, ratio };
  return tables;
}

const CHUNK = 65536;
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
