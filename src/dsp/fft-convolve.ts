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
 * (src/wasm/c/fftconv.c): fft.js's radix-4 in float32, four transforms at once (one per lane of
 * an f32x4 vector, so eight blocks per pass; the first pass carries the filter's own transform
 * in its fourth lane and six blocks). A short clip needs one or two block pairs, which would
 * leave lanes idle: there one transform runs across the four lanes (its points split four
 * ways, then combined by a last radix-4 step), either on block pairs as above or, where the
 * count of blocks is small and odd — one block for a short clip under a long room, whose own
 * transform is a lone real block too — on one real block at a time as a complex transform of
 * half the size (the real path: its halves folded apart by symmetry). Taps past the last
 * output asked for are dropped first: they reach no output returned. Float32 against the double precision of fft.js,
 * which it replaced: the difference is float32 rounding of the transforms, at most 1e-6 of the
 * output's peak and 125 dB or more below the output (test/dsp/fft-convolve-wasm.test.ts keeps
 * fft.js and compares), at about twice the speed of the double-precision kernel on long
 * signals and 3× on a 3-second clip.
 *
 * The FFT size and path are those that minimise the transform work for a filter of m taps and
 * the output length asked (planFor).
 *
 * Returns samples [skip, outLength) of x * h (default: the first x.length), stored as float32.
 * The blocks are laid from sample 0 whatever `skip` is, so the samples are the same as those
 * of the whole convolution.
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
  // Output n takes taps k ≤ n only: past outLength a tap changes nothing that is returned.
  const m = Math.min(h.length, outLength);
  if (m === 0 || x.length === 0 || result.length === 0) return { samples: result, peak: 0 };
  if (m < h.length) h = h.subarray(0, m);
  const { size, path } = planFor(m, outLength);
  if (path === 'real') return realConvolve(x, h, outLength, skip, size, result);
  if (path === 'split') return splitConvolve(x, h, outLength, skip, size, result);
  const valid = size - m + 1;
  // Outputs are made a chunk of whole passes (eight blocks each; six in the first, which also
  // transforms the filter) at a time, through windows of the input and output in the kernel's
  // memory that stay in cache: the kernel's memory does not grow with the clip, and nothing is
  // copied twice.
  const chunk = 8 * valid * Math.max(1, Math.round(CHUNK_OUTPUTS / (8 * valid)));
  const firstChunk = chunk + 6 * valid;
  const lib = loadWasm('fftconv.wasm');
  const { table, bitrev, width } = twiddles(lib, size);
  const heap = new Heap(lib);
  try {
    const xAt = heap.alloc(4 * (firstChunk + size + m));
    const outAt = heap.alloc(4 * firstChunk);
    const H = heap.alloc(8 * size);
    const hAt = heap.alloc(4 * m);
    // Four transforms side by side (one per vector lane): 8 floats per point.
    const [zIn, Z, z] = [0, 1, 2].map(() => heap.alloc(32 * size));
    scaledFilter(lib, hAt, h, size);
    const xWindow = new Float32Array(lib.memory.buffer, xAt, firstChunk + size + m);
    const outWindow = new Float32Array(lib.memory.buffer, outAt, firstChunk);
    const run = lib.exports.lm_fftconv;
    let peak = 0;
    let filterPending = true;
    for (let o0 = 0; o0 < outLength; ) {
      const o1 = Math.min(outLength, o0 + (filterPending ? firstChunk : chunk));
      if (o1 > skip || filterPending) {
        const x0 = Math.min(x.length, Math.max(0, o0 - m + 1));
        const x1 = Math.min(x.length, o1 + size);
        xWindow.set(x.subarray(x0, x1));
        run(
          xAt,
          x0,
          x1,
          outAt,
          o0,
          o1,
          outLength,
          H,
          filterPending ? hAt : 0,
          m,
          table,
          bitrev,
          size,
          width,
          zIn,
          Z,
          z,
        );
        filterPending = false;
        const from = Math.max(o0, skip);
        if (o1 > from) {
          result.set(outWindow.subarray(from - o0, o1 - o0), from - skip);
          peak = lib.exports.lm_peak(outAt + 4 * (from - o0), o1 - from, peak);
        }
      }
      o0 = o1;
    }
    return { samples: result, peak };
  } finally {
    heap.free();
  }
}

/**
 * The few-block case (a short clip): one pair of blocks per transform, all four vector lanes
 * busy within it (the kernel's split transform), so a pair costs a quarter of a four-lane pass.
 * Pairs are laid from output 0 as in the four-lane path; the first is the one holding `skip`.
 */
function splitConvolve(
  x: Float32Array,
  h: Float32Array | Float64Array,
  outLength: number,
  skip: number,
  size: number,
  result: Float32Array,
): { samples: Float32Array; peak: number } {
  const valid = size - h.length + 1;
  const o0 = Math.floor(skip / (2 * valid)) * 2 * valid;
  const lib = loadWasm('fftconv.wasm');
  const { table, bitrev, width } = twiddles(lib, size / 4);
  const combine = combineTable(lib, size);
  return fewBlocks(lib, x, h, outLength, skip, result, o0, outLength + valid, (heap, io) => {
    const [Hs, zIn, Z, work] = [0, 1, 2, 3].map(() => heap.alloc(8 * size));
    scaledFilter(lib, io.hAt, h, size);
    lib.exports.lm_fftconv_split(
      ...[io.xAt, io.x0, io.x1, io.outAt, o0, outLength, outLength, io.hAt, h.length],
      ...[table, bitrev, combine, size, width, Hs, zIn, Z, work],
    );
  });
}

/**
 * The real path: blocks of valid = size − m + 1 outputs laid from the block holding `skip`, each
 * through a real transform of `size` points (one complex transform of size / 2, its halves
 * folded apart by symmetry, see the kernel's lm_fftconv_real), so a lone block — a short clip
 * under a long room — costs half a complex transform each way and the filter's own transform
 * half of one.
 */
function realConvolve(
  x: Float32Array,
  h: Float32Array | Float64Array,
  outLength: number,
  skip: number,
  size: number,
  result: Float32Array,
): { samples: Float32Array; peak: number } {
  const valid = size - h.length + 1;
  const o0 = Math.floor(skip / valid) * valid;
  const lib = loadWasm('fftconv.wasm');
  const half = size / 2;
  const { table, bitrev, width } = twiddles(lib, half / 4);
  const combine = combineTable(lib, half);
  const w = halfTurnTable(lib, size);
  // Output n < outLength reads input samples ≤ n only.
  return fewBlocks(lib, x, h, outLength, skip, result, o0, outLength, (heap, io) => {
    const [Hs, block, zIn, Z, work] = [0, 1, 2, 3, 4].map(() => heap.alloc(4 * size));
    scaledFilter(lib, io.hAt, h, 4 * size);
    lib.exports.lm_fftconv_real(
      ...[io.xAt, io.x0, io.x1, io.outAt, o0, outLength, outLength, io.hAt, h.length],
      ...[table, bitrev, combine, w, size, width, Hs, block, zIn, Z, work],
    );
  });
}

/**
 * What the two few-block paths share: the input from the first block's reach (`o0` − m + 1) to
 * `xEnd` copied into the kernel's memory, the path's kernel run over the outputs from `o0`,
 * and the outputs from `skip` on taken with their peak.
 */
function fewBlocks(
  lib: ReturnType<typeof loadWasm>,
  x: Float32Array,
  h: Float32Array | Float64Array,
  outLength: number,
  skip: number,
  result: Float32Array,
  o0: number,
  xEnd: number,
  run: (
    heap: Heap,
    io: { xAt: number; x0: number; x1: number; outAt: number; hAt: number },
  ) => void,
): { samples: Float32Array; peak: number } {
  const x0 = Math.min(x.length, Math.max(0, o0 - h.length + 1));
  const x1 = Math.min(x.length, xEnd);
  const heap = new Heap(lib);
  try {
    const xAt = heap.alloc(4 * Math.max(1, x1 - x0));
    const outAt = heap.alloc(4 * (outLength - o0));
    const hAt = heap.alloc(4 * h.length);
    new Float32Array(lib.memory.buffer, xAt, x1 - x0).set(x.subarray(x0, x1));
    run(heap, { xAt, x0, x1, outAt, hAt });
    const from = outAt + 4 * (skip - o0);
    result.set(new Float32Array(lib.memory.buffer, from, outLength - skip));
    return { samples: result, peak: lib.exports.lm_peak(from, outLength - skip, 0) };
  } finally {
    heap.free();
  }
}

const halfTurnCache = new Map<number, number>();

/**
 * The real path's W^k = e^(−2πik/size) for k < size / 2, re then im vectors per group of four k
 * (as the kernel's split layout holds points), computed in double and rounded once. Kept for
 * the process.
 */
function halfTurnTable(lib: WasmLibrary, size: number): number {
  const hit = halfTurnCache.get(size);
  if (hit) return hit;
  const at = lib.exports.lm_malloc(4 * size);
  if (!at) throw new Error(`fftconv.wasm: out of memory for a ${size}-point FFT`);
  const t = new Float32Array(lib.memory.buffer, at, size);
  for (let k = 0; k < size / 2; k++) {
    const angle = (2 * Math.PI * k) / size;
    const o = 8 * (k >> 2) + (k & 3);
    t[o] = Math.cos(angle);
    t[o + 4] = -Math.sin(angle);
  }
  halfTurnCache.set(size, at);
  return at;
}

/**
 * h / size as float32 at `at` (exact: size is a power of two) — the 1/N of the inverse. A
 * float32 filter is copied and scaled in the kernel (the same products: 2^−k · h is exact, or
 * rounded once either way when it underflows).
 */
function scaledFilter(lib: WasmLibrary, at: number, h: Float32Array | Float64Array, size: number) {
  const scaled = new Float32Array(lib.memory.buffer, at, h.length);
  if (h instanceof Float32Array) {
    scaled.set(h);
    lib.exports.lm_scale(at, h.length, 1 / size);
    return;
  }
  for (let i = 0; i < h.length; i++) scaled[i] = h[i] / size;
}

const combineCache = new Map<number, number>();

/**
 * The split transform's last step: for each group of four k (k < size / 4), W^(rk) for r = 1, 2,
 * 3 and the group's four k, re then im (W = e^(−2πi/size)), 24 floats a group. Kept for the process.
 */
function combineTable(lib: WasmLibrary, size: number): number {
  const hit = combineCache.get(size);
  if (hit) return hit;
  const quarter = size / 4;
  const at = lib.exports.lm_malloc(4 * 6 * quarter);
  if (!at) throw new Error(`fftconv.wasm: out of memory for a ${size}-point FFT`);
  const t = new Float32Array(lib.memory.buffer, at, 6 * quarter);
  for (let k = 0; k < quarter; k += 4)
    for (let r = 1; r <= 3; r++)
      for (let j = 0; j < 4; j++) {
        const angle = (2 * Math.PI * r * (k + j)) / size;
        const o = 6 * k + 8 * (r - 1) + j;
        t[o] = Math.cos(angle);
        t[o + 4] = -Math.sin(angle);
      }
  combineCache.set(size, at);
  return at;
}

/** Which kernel loop a convolution takes (see planFor). */
export type ConvolutionPath = 'lanes' | 'split' | 'real';

/**
 * The FFT size and path that minimise the transform work for an m-tap filter and outLength
 * outputs of valid = N − m + 1 each a block: the four-lane path does 1 + ⌈(blocks − 6) / 8⌉
 * passes of two N-point transforms; the split path 1 + 2·⌈blocks / 2⌉ transforms of N / 4
 * points a lane and a combining step (≈ 3 more stages); the real path 2·blocks + 1 of N / 8
 * points a lane (a real transform is a complex one of half the size), with the combining step
 * and about two stages' worth of passes that fold the halves apart and back (REAL_PASSES,
 * measured: see bench/README's chain section). The split and real paths only up to
 * SPLIT_MAX_OUTPUTS. N is a power of two from 512 to 64·m.
 */
export function planFor(m: number, outLength: number): { size: number; path: ConvolutionPath } {
  let best: { size: number; path: ConvolutionPath } = { size: 0, path: 'lanes' };
  let bestCost = Number.POSITIVE_INFINITY;
  for (let size = Math.max(512, nextPow2(m + 1)); size <= Math.max(512, 64 * m); size *= 2) {
    const blocks = Math.ceil(outLength / (size - m + 1));
    const passes = 1 + Math.ceil(Math.max(0, blocks - 6) / 8);
    const lanes = passes * 2 * size * Math.log2(size);
    // The split and real paths hold the whole input and output in the kernel's memory (which
    // never shrinks), so they are kept to short outputs; long ones fill the lanes anyway.
    const short = outLength <= SPLIT_MAX_OUTPUTS;
    const split = short
      ? (1 + 2 * Math.ceil(blocks / 2)) * (size / 4) * (Math.log2(size / 4) + 3)
      : Number.POSITIVE_INFINITY;
    const real = short
      ? (2 * blocks + 1) * (size / 8) * (Math.log2(size / 8) + 3 + REAL_PASSES)
      : Number.POSITIVE_INFINITY;
    for (const [cost, path] of [
      [lanes, 'lanes'],
      [split, 'split'],
      [real, 'real'],
    ] as const)
      if (cost < bestCost) {
        bestCost = cost;
        best = { size, path };
      }
  }
  return best;
}

/** The real path's passes around its transforms, in stages' worth of work (see planFor). */
const REAL_PASSES = 2;
const CHUNK_OUTPUTS = 65536;
/** The longest output the split path makes (2^20 samples, 65 s at 16 kHz: 4 MB a window). */
const SPLIT_MAX_OUTPUTS = 1 << 20;

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
  const table = lib.exports.lm_malloc(8 * size);
  const bitrev = lib.exports.lm_malloc(4 << width);
  if (!table || !bitrev) throw new Error(`fftconv.wasm: out of memory for a ${size}-point FFT`);
  const t32 = new Float32Array(lib.memory.buffer, table, 2 * size);
  for (let i = 0; i < 2 * size; i += 2) {
    const angle = (Math.PI * i) / size;
    t32[i] = Math.cos(angle);
    t32[i + 1] = -Math.sin(angle);
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
