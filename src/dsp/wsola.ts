import { Heap, loadWasm } from '../wasm/load.js';

/**
 * Time-scale modification by WSOLA (Verhelst & Roelands 1993): 30 ms Hann frames written every
 * 15 ms of output, each read from near its nominal input position (output time × factor),
 * shifted within ±10 ms to the position most similar to the natural continuation of the
 * previous frame, so waveforms join in phase. Duration changes by 1/factor; pitch and formants
 * are kept. The similarity search is coarse-to-fine — every 4th lag on the signal decimated by
 * 4 (one copy per phase), then ±3 lags at full resolution — and runs in a WebAssembly SIMD
 * kernel (src/wasm/c/wsola.c). The input is read through a zero-padded copy, so no read needs a
 * bounds test.
 */
export function wsola(x: Float32Array, factor: number, sampleRate: number): Float32Array {
  const N = 2 * Math.round(0.015 * sampleRate);
  const hop = N / 2;
  const tol = Math.round(0.01 * sampleRate);
  const outLength = Math.round(x.length / factor);
  const win = new Float64Array(N);
  for (let i = 0; i < N; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N); // sums to 1 at N/2 hop
  const acc = new Float64Array(outLength + N);
  // Reads reach from −tol to past the end by N + hop + tol; padded[i + pad] = x[i].
  const pad = tol + N;
  const total = x.length + 2 * pad + N;
  const lib = loadWasm('wsola.wasm');
  const heap = new Heap(lib);
  try {
    const padded = heap.alloc(total * 4);
    const quarter = Math.ceil(total / 4);
    const phases = [0, 1, 2, 3].map(() => heap.alloc(quarter * 4));
    const mem = () => new Float32Array(lib.memory.buffer);
    let m = mem();
    m.fill(0, padded / 4, padded / 4 + total);
    m.set(x, padded / 4 + pad);
    for (let p = 0; p < 4; p++) {
      const base = phases[p] / 4;
      for (let j = 0; j < quarter; j++) {
        const i = 4 * j + p;
        m[base + j] = i < total ? m[padded / 4 + i] : 0;
      }
    }
    const best = lib.exports.lm_wsola_best;
    let prev = 0;
    for (let k = 0; k * hop < outLength; k++) {
      const nominal = Math.round(k * hop * factor);
      let pos = nominal;
      if (k > 0) {
        const target = prev + hop + pad;
        const lo = Math.max(0, nominal - tol);
        const hi = Math.max(lo, Math.min(x.length - 1, nominal + tol));
        // Coarse: candidates lo, lo + 4, … on every 4th sample (phase arrays, 4 bytes a float).
        const a = phases[target % 4] + 4 * (target >> 2);
        const b = phases[(lo + pad) % 4] + 4 * ((lo + pad) >> 2);
        const coarse = lo + 4 * best(a, b, Math.floor((hi - lo) / 4) + 1, Math.floor(N / 4));
        const fineLo = Math.max(lo, coarse - 3);
        const fineHi = Math.min(hi, coarse + 3);
        pos =
          fineLo + best(padded + 4 * target, padded + 4 * (fineLo + pad), fineHi - fineLo + 1, N);
      }
      m = mem();
      const o = k * hop;
      const at = padded / 4 + pos + pad;
      for (let i = 0; i < N; i++) acc[o + i] += win[i] * m[at + i];
      prev = pos;
    }
  } finally {
    heap.free();
  }
  const out = new Float32Array(outLength);
  for (let i = 0; i < outLength; i++) out[i] = acc[i];
  return out;
}
