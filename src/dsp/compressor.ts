import { Heap, loadWasm, type WasmLibrary } from '../wasm/load.js';

/**
 * The Web Audio DynamicsCompressorNode as node-web-audio-api renders it (its Rust crate,
 * web-audio-api-rs, follows the spec's compression curve and Giannoulis, Massberg & Reiss's
 * branching peak detector, JAES 2012), computed here without an audio graph: no context, no
 * render quanta, no per-render start-up. The arithmetic is the node's own, in float32 and in
 * its order (src/wasm/c/compressor.c, with wasi-libc's log10f, powf and expf where the node
 * calls its platform's — not V8's Math, whose last bits vary between Node versions), so the output differs from the node's only where two libms round a logarithm or a power
 * differently (test/dsp/compressor.test.ts measures the difference on speech against the node
 * itself).
 *
 * The curve, per sample, in dB (x = 20·log10|s|, T = threshold + knee/2 when knee > 0, W = knee):
 *   y = x                                   if x ≤ T − W/2
 *   y = x + (1/R − 1)(x − T + W/2)² / (2W)  if x ≤ T + W/2
 *   y = T + (x − T)/R                       otherwise,
 * the attenuation x − y smoothed by a one-pole detector that follows rises with the attack's
 * coefficient and falls with the release's, and the gain 10^((make-up − detector)/20). The
 * node applies each sample's gain to the input of one look-ahead delay earlier (6 ms rounded
 * up to whole 128-sample render quanta): sample n of the node's output is
 * input[n − delay] · gain(input up to n).
 */
export interface CompressorSettings {
  threshold: number;
  ratio: number;
  knee: number;
  attack: number;
  release: number;
}

const QUANTUM = 128;
/** Floats in the kernel's `curve` struct (src/wasm/c/compressor.c); makeup_gain is the last. */
const CURVE_FLOATS = 13;

/** The node's look-ahead delay in samples: 6 ms rounded up to whole render quanta. */
export function compressorDelay(sampleRate: number): number {
  const f = Math.fround;
  return QUANTUM * Math.ceil(f(f(f(sampleRate) * f(0.006)) / QUANTUM));
}

/** The node's constants for these settings, made by the kernel at `at`. */
function curveAt(lib: WasmLibrary, at: number, s: CompressorSettings, sampleRate: number): void {
  lib.exports.lm_compressor_curve(
    at,
    s.threshold,
    s.ratio,
    s.knee,
    s.attack,
    s.release,
    sampleRate,
  );
}

/** The make-up gain (linear, float32) the node applies to every sample. */
export function compressorMakeup(s: CompressorSettings, sampleRate: number): number {
  const lib = loadWasm('compressor.wasm');
  const heap = new Heap(lib);
  try {
    const at = heap.alloc(4 * CURVE_FLOATS);
    curveAt(lib, at, s, sampleRate);
    return new Float32Array(lib.memory.buffer, at, CURVE_FLOATS)[CURVE_FLOATS - 1];
  } finally {
    heap.free();
  }
}

/**
 * The node's output for `samples`, its look-ahead delay removed: out[n] = samples[n] ·
 * gain(samples up to n + delay), n < samples.length, then · `scale` (rounded to float32 again)
 * unless it is 1. Returns the output and its peak (max |out[n]|). The per-sample work runs in
 * WebAssembly (src/wasm/c/compressor.c) through windows of the clip that stay in cache, so the
 * kernel's memory does not grow with the clip.
 */
export function compress(
  samples: Float32Array,
  s: CompressorSettings,
  sampleRate: number,
  scale = 1,
): { samples: Float32Array; peak: number } {
  const delay = compressorDelay(sampleRate);
  const n = samples.length;
  const out = new Float32Array(n);
  const lib = loadWasm('compressor.wasm');
  const heap = new Heap(lib);
  try {
    const xAt = heap.alloc(4 * (CHUNK + delay));
    const outAt = heap.alloc(4 * (CHUNK + delay));
    const curve = heap.alloc(4 * CURVE_FLOATS);
    const stateAt = heap.alloc(4);
    curveAt(lib, curve, s, sampleRate);
    new Float32Array(lib.memory.buffer, stateAt, 1)[0] = 0;
    const xWindow = new Float32Array(lib.memory.buffer, xAt, CHUNK + delay);
    const outWindow = new Float32Array(lib.memory.buffer, outAt, CHUNK + delay);
    const run = lib.exports.lm_compress;
    let peak = 0;
    for (let from = 0; from < n + delay; from += CHUNK) {
      const to = Math.min(n + delay, from + CHUNK);
      const lo = Math.max(0, from - delay);
      const hi = Math.min(n, to);
      if (hi > lo) xWindow.set(samples.subarray(lo, hi));
      peak = run(xAt, outAt, lo, n, from, to, delay, curve, scale, stateAt, peak);
      const end = Math.min(n, to - delay);
      if (end > lo) out.set(outWindow.subarray(0, end - lo), lo);
    }
    return { samples: out, peak };
  } finally {
    heap.free();
  }
}

const CHUNK = 16384;
