import { Heap, loadWasm, type WasmLibrary } from '../wasm/load.js';

/**
 * Band-limited resampling by a Kaiser-windowed sinc, evaluated exactly at each output
 * sample's rational phase (rates are integers, so out/in = L/M reduces to a phase table of L
 * rows). The pass band ends at 95 % of the lower Nyquist frequency and the stop band is
 * attenuated by about 90 dB (Kaiser beta 9, 32 zero crossings each side) — enough that
 * resampling never adds an audible or measurable artefact to a speech clip. The dot products
 * run in a WebAssembly SIMD kernel (src/wasm/c/resample.c, four lanes, float accumulation);
 * the filter is designed here.
 */
const ZERO_CROSSINGS = 32;
const KAISER_BETA = 9;
const PASSBAND = 0.95;

const cache = new Map<string, PhaseTable>();

/** The filter for each of L output phases, row after row, `width` taps a row. */
interface PhaseTable {
  taps: Float32Array;
  width: number;
  half: number;
  L: number;
  M: number;
  address?: number;
}

/**
 * The kernel: `lm_resample` computes eight outputs per tap load (the one lastmile uses);
 * `lm_resample_one` is the plain one-output loop it is checked against (tests and bench).
 */
export type ResampleKernel = 'lm_resample' | 'lm_resample_one';

/**
 * Outputs per kernel call: a multiple of every 8·L block in use, so chunking never changes a
 * result, and small enough that V8 moves the kernel to its optimising tier after the first
 * chunks of a long clip (WebAssembly has no on-stack replacement: one call over a whole
 * 10-minute clip would run entirely in the baseline compiler's code).
 */
const CHUNK = 1 << 16;

export function resample(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
  kernel: ResampleKernel = 'lm_resample',
): Float32Array {
  if (fromRate === toRate) return samples.slice();
  return run(samples, fromRate, toRate, 'f32', kernel) as Float32Array;
}

/** 16-bit PCM (full scale ±32768) resampled to float samples: a decoded clip on its way back. */
export function resampleFromInt16(pcm: Int16Array, fromRate: number, toRate: number): Float32Array {
  return run(pcm, fromRate, toRate, 'f32', 'lm_resample') as Float32Array;
}

/**
 * Float samples resampled to 16-bit PCM, rounded and saturated exactly as src/codecs/pcm.ts's
 * `toInt16`: a clip on its way into a codec. Conversions run in the kernel's module, so the
 * clip crosses into WebAssembly once.
 */
export function resampleToInt16(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
): Int16Array {
  return run(samples, fromRate, toRate, 'i16', 'lm_resample') as Int16Array;
}

function run(
  samples: Float32Array | Int16Array,
  fromRate: number,
  toRate: number,
  output: 'f32' | 'i16',
  kernel: ResampleKernel,
): Float32Array | Int16Array {
  const same = fromRate === toRate;
  if (
    !same &&
    (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0)
  ) {
    throw new RangeError(`sample rates must be positive integers, got ${fromRate} → ${toRate}`);
  }
  const table = same ? undefined : phaseTable(fromRate, toRate);
  const lib = loadWasm('resample.wasm');
  const heap = new Heap(lib);
  try {
    // Zero padding on both sides covers every read of the kernel (a row reaches `width` on).
    const pad = table ? table.width + 4 : 0;
    const input = padded(heap, lib, samples, pad);
    let result = input;
    let length = samples.length;
    if (table) {
      length = Math.round((samples.length * toRate) / fromRate);
      result = heap.alloc(length * 4);
      const { width, half, L, M } = table;
      const taps = tapsIn(table);
      const chunk = Math.ceil(CHUNK / (8 * L)) * 8 * L;
      for (let from = 0; from < length; from += chunk) {
        const to = Math.min(length, from + chunk);
        lib.exports[kernel](input, result + 4 * from, from, to, taps, width, half, L, M);
      }
    }
    if (output === 'f32') return new Float32Array(lib.memory.buffer, result, length).slice();
    const pcm = heap.alloc(length * 2);
    lib.exports.lm_f32_to_i16(result, pcm, length);
    return heap.i16(pcm, length);
  } finally {
    heap.free();
  }
}

/** The samples as floats in the module's memory with `pad` zeros each side; their address. */
function padded(
  heap: Heap,
  lib: WasmLibrary,
  samples: Float32Array | Int16Array,
  pad: number,
): number {
  const n = samples.length;
  const base = heap.alloc((n + 2 * pad) * 4);
  const view = new Float32Array(lib.memory.buffer, base, n + 2 * pad);
  view.fill(0, 0, pad);
  view.fill(0, pad + n);
  if (samples instanceof Float32Array) view.set(samples, pad);
  else lib.exports.lm_i16_to_f32(heap.put(samples), base + 4 * pad, n);
  return base + 4 * pad;
}

/** The table's address in the kernel's memory (copied there once per process). */
function tapsIn(table: PhaseTable): number {
  if (table.address === undefined) {
    const lib = loadWasm('resample.wasm');
    table.address = lib.exports.lm_malloc(table.taps.byteLength);
    new Float32Array(lib.memory.buffer, table.address, table.taps.length).set(table.taps);
  }
  return table.address;
}

function phaseTable(fromRate: number, toRate: number): PhaseTable {
  const key = `${fromRate}/${toRate}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const g = gcd(fromRate, toRate);
  const L = toRate / g;
  const M = fromRate / g;
  const scale = Math.min(1, toRate / fromRate) * PASSBAND; // cutoff relative to input Nyquist
  const half = Math.ceil(ZERO_CROSSINGS / scale);
  const width = 4 * Math.ceil(half / 2); // 2·half taps, zero-padded to a multiple of 4 for SIMD
  const i0beta = besselI0(KAISER_BETA);
  const taps = new Float32Array(L * width);
  for (let phase = 0; phase < L; phase++) {
    const frac = phase / L;
    for (let k = 0; k < width; k++) {
      // Distance from the output position to input sample (base - half + 1 + k).
      const d = k - half + 1 - frac;
      const w =
        k >= 2 * half || Math.abs(d) >= half
          ? 0
          : besselI0(KAISER_BETA * Math.sqrt(1 - (d / half) ** 2)) / i0beta;
      taps[phase * width + k] = scale * sinc(scale * d) * w;
    }
  }
  const entry = { taps, width, half, L, M };
  cache.set(key, entry);
  return entry;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
