import { Heap, loadWasm } from '../wasm/load.js';

/**
 * Adds amplitude · sin(w·i + phase) to out[i] for every i. A sine per sample is the costliest
 * part of a tone generator, so phasors (cos, sin) are rotated by a fixed angle instead: four of
 * them, one per sample of each group of four, each turned by 4w per step — four independent
 * chains of multiply-adds rather than one chain the processor must wait on. Rounding error grows
 * with every rotation, so the phasors are reset from Math.cos/Math.sin at the start of every
 * block of 1024 samples, which bounds the error near 1e-13 and keeps each block independent of
 * how the clip was processed before it.
 */
export function addSine(
  out: Float32Array | Float64Array,
  amplitude: number,
  w: number,
  phase: number,
): void {
  addSines(out, [{ amplitude, w, phase }]);
}

/** A sinusoid: amplitude · sin(w·i + phase), w in radians per sample. */
export interface Tone {
  amplitude: number;
  w: number;
  phase: number;
}

/**
 * addSine for several tones (the partials of a hum), block by block: every tone is added to a
 * block while it is in cache, rather than each tone streaming through the whole clip. Float32
 * output goes through a WebAssembly SIMD kernel (src/wasm/c/oscillator.c) doing the same
 * arithmetic two phasors at a time — bit-identical to addBlock below, about 3× faster; the
 * block is copied into the kernel's memory and back, a few kilobytes in cache.
 */
export function addSines(out: Float32Array | Float64Array, tones: readonly Tone[]): void {
  if (out instanceof Float32Array && tones.length > 0) {
    addSinesWasm(out, tones, false);
    return;
  }
  for (let start = 0; start < out.length; start += BLOCK) {
    const end = Math.min(out.length, start + BLOCK);
    for (const { amplitude, w, phase } of tones) addBlock(out, start, end, amplitude, w, phase);
  }
}

/**
 * addSines on float32, returning Σ out[i]² afterwards, summed in sample order (as rms() sums):
 * taken on each block while it is in cache, so a tone bed's level needs no pass of its own.
 */
export function addSinesWithEnergy(out: Float32Array, tones: readonly Tone[]): number {
  if (tones.length === 0) {
    let e = 0;
    for (let i = 0; i < out.length; i++) e += out[i] * out[i];
    return e;
  }
  return addSinesWasm(out, tones, true);
}

function addSinesWasm(out: Float32Array, tones: readonly Tone[], energy: boolean): number {
  const lib = loadWasm('oscillator.wasm');
  const heap = new Heap(lib);
  try {
    const block = heap.alloc(4 * BLOCK);
    const phasors = heap.alloc(8 * 10);
    const f32 = new Float32Array(lib.memory.buffer, block, BLOCK);
    const ph = new Float64Array(lib.memory.buffer, phasors, 10);
    const add = lib.exports.lm_add_tone;
    const rotations = tones.map(({ w }) => [Math.cos(4 * w), Math.sin(4 * w)]);
    let sum = 0;
    for (let start = 0; start < out.length; start += BLOCK) {
      const end = Math.min(out.length, start + BLOCK);
      f32.set(out.subarray(start, end));
      for (let t = 0; t < tones.length; t++) {
        const { amplitude, w, phase } = tones[t];
        for (let j = 0; j < 4; j++) {
          const x = reduced(w * (start + j) + phase);
          ph[2 * j] = amplitude * Math.cos(x);
          ph[2 * j + 1] = amplitude * Math.sin(x);
        }
        ph[8] = rotations[t][0];
        ph[9] = rotations[t][1];
        add(block, end - start, phasors);
      }
      out.set(f32.subarray(0, end - start), start);
      if (energy) sum = addSquares(f32, end - start, sum);
    }
    return sum;
  } finally {
    heap.free();
  }
}

function addSquares(x: Float32Array, n: number, acc: number): number {
  let s = acc;
  for (let i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}

function addBlock(
  out: Float32Array | Float64Array,
  start: number,
  end: number,
  amplitude: number,
  w: number,
  phase: number,
): void {
  const c4 = Math.cos(4 * w);
  const s4 = Math.sin(4 * w);
  const at = (j: number) => reduced(w * (start + j) + phase);
  let c0 = amplitude * Math.cos(at(0));
  let s0 = amplitude * Math.sin(at(0));
  let c1 = amplitude * Math.cos(at(1));
  let s1 = amplitude * Math.sin(at(1));
  let c2 = amplitude * Math.cos(at(2));
  let s2 = amplitude * Math.sin(at(2));
  let c3 = amplitude * Math.cos(at(3));
  let s3 = amplitude * Math.sin(at(3));
  let i = start;
  for (; i + 3 < end; i += 4) {
    out[i] += s0;
    out[i + 1] += s1;
    out[i + 2] += s2;
    out[i + 3] += s3;
    let t = c0 * c4 - s0 * s4;
    s0 = s0 * c4 + c0 * s4;
    c0 = t;
    t = c1 * c4 - s1 * s4;
    s1 = s1 * c4 + c1 * s4;
    c1 = t;
    t = c2 * c4 - s2 * s4;
    s2 = s2 * c4 + c2 * s4;
    c2 = t;
    t = c3 * c4 - s3 * s4;
    s3 = s3 * c4 + c3 * s4;
    c3 = t;
  }
  // The last block may end mid-group.
  if (i < end) out[i] += s0;
  if (i + 1 < end) out[i + 1] += s1;
  if (i + 2 < end) out[i + 2] += s2;
}

const BLOCK = 1024;

/**
 * x less the nearest multiple of 2π, for the phasor resets: sin and cos of the result are those
 * of x within an ulp or two. V8's Math.cos/Math.sin reduce an argument of 2^20·π/2 or more by
 * Payne–Hanek, ~0.5 µs a call — most of a 10-minute tone's cost, whose arguments reach 10⁷
 * rad — so there 2π is taken off here first, by Cody–Waite in three parts (28, 28 and 53
 * bits: k·P1 and k·P2 are exact for k < 2^25, i.e. |x| < 2·10⁸): the error of the reduced
 * argument is a few 1e-16 rad, that of the old reset a fraction of an ulp
 * (test/dsp/oscillator-wasm.test.ts compares with Math.sin on the unreduced argument). Below,
 * where V8's own reduction is fast, x is passed unchanged, so the samples are the same as before.
 */
function reduced(x: number): number {
  if (x < REDUCE_FROM && x > -REDUCE_FROM) return x;
  const k = Math.round(x / (2 * Math.PI));
  return x - k * TWO_PI_1 - k * TWO_PI_2 - k * TWO_PI_3;
}

/** Where V8's (fdlibm's) slow argument reduction starts: |x| ≥ 2^20·π/2 (high word 0x413921fc). */
const REDUCE_FROM = 1647100;
/** 2π = TWO_PI_1 + TWO_PI_2 + TWO_PI_3 to about 1e-34 (28, 28 and 53 significant bits). */
const TWO_PI_1 = 6.283185303211212;
const TWO_PI_2 = 3.968374295837407e-9;
const TWO_PI_3 = 2.2884754904439327e-17;
