import FFT from 'fft.js';
import { nextPow2 } from './fft-convolve.js';

/**
 * The lag (in samples) at which `b` best matches `a`, i.e. b[i] ≈ a[i − lag], searched in
 * [minLag, maxLag]: the peak of the cross-correlation, computed with one FFT pair. Positive lag
 * means `b` is late.
 */
export function bestLag(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  minLag: number,
  maxLag: number,
): { lag: number; correlation: number } {
  const size = nextPow2(a.length + b.length);
  const fft = new FFT(size);
  const A = spectrum(fft, a, size);
  const B = spectrum(fft, b, size);
  // r[lag] = Σ b[i] a[i − lag]  ⇔  R = B · conj(A)
  const R = new Float64Array(2 * size);
  for (let k = 0; k < 2 * size; k += 2) {
    R[k] = B[k] * A[k] + B[k + 1] * A[k + 1];
    R[k + 1] = B[k + 1] * A[k] - B[k] * A[k + 1];
  }
  const r = new Float64Array(2 * size);
  fft.inverseTransform(r, R);
  let best = minLag;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let lag = minLag; lag <= maxLag; lag++) {
    const v = r[2 * (((lag % size) + size) % size)];
    if (v > bestValue) {
      bestValue = v;
      best = lag;
    }
  }
  let ea = 0;
  let eb = 0;
  for (let i = 0; i < a.length; i++) ea += a[i] * a[i];
  for (let i = 0; i < b.length; i++) eb += b[i] * b[i];
  return { lag: best, correlation: bestValue / Math.sqrt(ea * eb || 1) };
}

function spectrum(fft: FFT, x: ArrayLike<number>, size: number): Float64Array {
  const input = new Float64Array(2 * size);
  for (let i = 0; i < x.length; i++) input[2 * i] = x[i];
  const out = new Float64Array(2 * size);
  fft.transform(out, input);
  return out;
}
