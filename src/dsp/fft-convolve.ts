import { Heap, loadWasm, type WasmLibrary } from '../wasm/load.js';

/**
 * Linear convolution by overlap-save with FFTs. Blocks are taken two at a time as the real and
 * imaginary parts of one complex transform: the filter's spectrum is Hermitian, so multiplying
 * by it keeps the two blocks apart, and one transform pair filters both — the work of a
 * real-input FFT without its unpacking. Overlap-save writes each output sample once, from one
 * block, straight into the result, and the inverse transform is a forward one on the conjugate
 * with the 1/N folded into the filter's spectrum, which saves a separate scaling pass.
 *
 * The transforms, the spectrum product and the block loop run in a WebAssembly SIMD kernel
 * (src/wasm/c/fftconv.c): fft.js's radix-4 carried over operation for operation, two
 * transforms at once (one per vector lane, so four blocks per pass), so the output is
 * bit-identical to the fft.js implementation it replaced (test/dsp/fft-convolve-wasm.test.ts
 * keeps that one and compares) at 2.5–3× its speed.
 *
 * The FFT size is the power of two that minimises the total transform work, (transforms
 * needed) · N·log2(N), for a filter of m taps and the output length asked: on long signals
 * about 8× the filter for short filters, down to 4× for long ones; on a short clip no larger
 * than the clip needs.
 *
 * Returns samples [skip, outLength) of x * h (default: the first x.length), computed in double
 * precision and stored as float32. The blocks are laid from sample 0 whatever `skip` is, so
 * the samples are the same as those of the whole convolution.
 */
export function fftConvolve(
  x: Float32Array,
  h: Float32Array | Float64Array,
  outLength = x.length,
  skip = 0,
): Float32Array {
  return fftConvolveWithPeak(x, h, outLength, skip).samples;
}

/**
 * fftConvolve, and the peak (max |sample|) of what it returns, taken by the kernel on each
 * output window while it is in cache (for the pipeline's level check).
 */
export function fftConvolveWithPeak(
  x: Float32Array,
  h: Float32Array | Float64Array,
  outLength = x.length,
  skip = 0,
): { samples: Float32Array; peak: number } {
  const result = new Float32Array(Math.max(0, outLength - skip));
  const m = h.length;
  if (m === 0 || x.length === 0 || result.length === 0) return { samples: result, peak: 0 };
  const size = fftSizeFor(m, outLength);
  const valid = size - m + 1;
  // Outputs are made a chunk of whole passes (four blocks each) at a time, through windows
  // of the input and output in the kernel's memory that stay in cache: the kernel's memory
  // does not grow with the clip, and nothing is copied twice.
  const chunk = 4 * valid * Math.max(1, Math.round(CHUNK_OUTPUTS / (4 * valid)));
  const lib = loadWasm('fftconv.wasm');
  const { table, bitrev, width } = twiddles(lib, size);
  const heap = new Heap(lib);
  try {
    const xAt = heap.alloc(4 * (chunk + size + m));
    const outAt = heap.alloc(4 * chunk);
    const [hIn, H] = [0, 1].map(() => heap.alloc(16 * size));
    // Two transforms side by side (one per vector lane): 4 doubles per point.
    const [zIn, Z, z] = [0, 1, 2].map(() => heap.alloc(32 * size));
    const f64 = new Float64Array(lib.memory.buffer, hIn, 2 * size).fill(0);
    // Filter spectrum, scaled by 1/N for the inverse (a forward transform of the conjugate).
    for (let i = 0; i < m; i++) f64[2 * i] = h[i] / size;
    lib.exports.lm_fft_forward(H, hIn, table, bitrev, size, width);
    const xWindow = new Float32Array(lib.memory.buffer, xAt, chunk + size + m);
    const outWindow = new Float32Array(lib.memory.buffer, outAt, chunk);
    const run = lib.exports.lm_fftconv;
    let peak = 0;
    for (let o0 = 0; o0 < outLength; o0 += chunk) {
      const o1 = Math.min(outLength, o0 + chunk);
      if (o1 <= skip) continue;
      const x0 = Math.min(x.length, Math.max(0, o0 - m + 1));
      const x1 = Math.min(x.length, o0 + chunk + size);
      xWindow.set(x.subarray(x0, x1));
      run(xAt, x0, x1, outAt, o0, o1, outLength, H, m, table, bitrev, size, width, zIn, Z, z);
      const from = Math.max(o0, skip);
      result.set(outWindow.subarray(from - o0, o1 - o0), from - skip);
      peak = lib.exports.lm_peak(outAt + 4 * (from - o0), o1 - from, peak);
    }
    return { samples: result, peak };
  } finally {
    heap.free();
  }
}

const CHUNK_OUTPUTS = 65536;

interface Twiddles {
  table: number;
  bitrev: number;
  width: number;
}

const twiddleCache = new Map<number, Twiddles>();

/**
 * fft.js's tables for a transform of `size` points, computed as its constructor does, in the
 * kernel's memory: e^(−iπj/size) for even j at [j, j + 1], and the base-4 digit reversal of
 * the first step's `width` bits. Kept for the process (a few sizes recur: one per filter length).
 */
function twiddles(lib: WasmLibrary, size: number): Twiddles {
  const hit = twiddleCache.get(size);
  if (hit) return hit;
  let power = 0;
  for (let t = 1; size > t; t <<= 1) power++;
  const width = power % 2 === 0 ? power - 1 : power;
  const table = lib.exports.lm_malloc(16 * size);
  const bitrev = lib.exports.lm_malloc(4 << width);
  if (!table || !bitrev) throw new Error(`fftconv.wasm: out of memory for a ${size}-point FFT`);
  const t64 = new Float64Array(lib.memory.buffer, table, 2 * size);
  for (let i = 0; i < 2 * size; i += 2) {
    const angle = (Math.PI * i) / size;
    t64[i] = Math.cos(angle);
    t64[i + 1] = -Math.sin(angle);
  }
  const rev = new Int32Array(lib.memory.buffer, bitrev, 1 << width);
  for (let j = 0; j < rev.length; j++) {
    let r = 0;
    for (let shift = 0; shift < width; shift += 2) r |= ((j >>> shift) & 3) << (width - shift - 2);
    rev[j] = r;
  }
  const entry = { table, bitrev, width };
  twiddleCache.set(size, entry);
  return entry;
}

/** The power of two ≥ 512 that minimises ⌈outLength / 2(N − m + 1)⌉ · N·log2(N). */
function fftSizeFor(m: number, outLength: number): number {
  let best = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let size = Math.max(512, nextPow2(m + 1)); size <= Math.max(512, 64 * m); size *= 2) {
    const cost = Math.ceil(outLength / (2 * (size - m + 1))) * size * Math.log2(size);
    if (cost < bestCost) {
      bestCost = cost;
      best = size;
    }
  }
  return best;
}

/** Direct-form convolution (O(n·m)); the reference the FFT path is tested against. */
export function directConvolve(
  x: Float32Array,
  h: ArrayLike<number>,
  outLength = x.length,
): Float32Array {
  const out = new Float32Array(outLength);
  for (let n = 0; n < outLength; n++) {
    let s = 0;
    const kMax = Math.min(h.length - 1, n);
    for (let k = 0; k <= kMax; k++) if (n - k < x.length) s += h[k] * x[n - k];
    out[n] = s;
  }
  return out;
}

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
