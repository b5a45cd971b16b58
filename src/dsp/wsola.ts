/**
 * Time-scale modification by WSOLA (Verhelst & Roelands 1993): 30 ms Hann frames written every
 * 15 ms of output, each read from near its nominal input position (output time × factor),
 * shifted within ±10 ms to the position most similar to the natural continuation of the
 * previous frame, so waveforms join in phase. Duration changes by 1/factor; pitch and formants
 * are kept. The similarity search is coarse-to-fine (every 4th lag on every 4th sample, then
 * ±3 lags on every 2nd sample) to stay well above real time on long audio. The input is read
 * through a zero-padded copy, so no read needs a bounds test.
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
  const padded = new Float32Array(x.length + 2 * pad + N);
  padded.set(x, pad);
  let prev = 0;
  for (let k = 0; k * hop < outLength; k++) {
    const nominal = Math.round(k * hop * factor);
    let pos = nominal;
    if (k > 0) {
      const target = prev + hop;
      const lo = Math.max(0, nominal - tol);
      const hi = Math.max(lo, Math.min(x.length - 1, nominal + tol));
      let best = lo;
      let bestS = Number.NEGATIVE_INFINITY;
      for (let c = lo; c <= hi; c += 4) {
        const s = similarity(padded, target + pad, c + pad, N, 4);
        if (s > bestS) {
          bestS = s;
          best = c;
        }
      }
      const coarse = best;
      bestS = Number.NEGATIVE_INFINITY;
      for (let c = Math.max(lo, coarse - 3); c <= Math.min(hi, coarse + 3); c++) {
        const s = similarity(padded, target + pad, c + pad, N, 2);
        if (s > bestS) {
          bestS = s;
          best = c;
        }
      }
      pos = best;
    }
    const o = k * hop;
    for (let i = 0; i < N; i++) acc[o + i] += win[i] * padded[pos + pad + i];
    prev = pos;
  }
  const out = new Float32Array(outLength);
  for (let i = 0; i < outLength; i++) out[i] = acc[i];
  return out;
}

/**
 * Σ x[a + i]·x[b + i] over i = 0, stride, 2·stride, … < length, in four partial sums so the
 * additions do not wait on each other.
 */
function similarity(x: Float32Array, a: number, b: number, length: number, stride: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const step = 4 * stride;
  let i = 0;
  for (; i + 3 * stride < length; i += step) {
    s0 += x[a + i] * x[b + i];
    s1 += x[a + i + stride] * x[b + i + stride];
    s2 += x[a + i + 2 * stride] * x[b + i + 2 * stride];
    s3 += x[a + i + 3 * stride] * x[b + i + 3 * stride];
  }
  for (; i < length; i += stride) s0 += x[a + i] * x[b + i];
  return s0 + s1 + (s2 + s3);
}
