import FFT from 'fft.js';

/**
 * Linear convolution by uniform overlap-add with FFTs (fft.js, radix-4). Blocks are taken two at
 * a time as the real and imaginary parts of one complex transform: the filter's spectrum is
 * Hermitian, so multiplying by it keeps the two blocks apart and the inverse returns both
 * filtered blocks at once — one complex FFT pair per two blocks, no real-FFT unpacking.
 * The FFT size is the power of two ≥ 4× the filter length (≥ 512), which keeps the work per
 * output sample near its minimum for filters from a few taps to several seconds.
 *
 * Returns the first `outLength` samples of x * h (default: x's length), computed in double
 * precision and stored as float32.
 */
export function fftConvolve(
  x: Float32Array,
  h: Float32Array | Float64Array,
  outLength = x.length,
): Float32Array {
  const out = new Float32Array(outLength);
  const m = h.length;
  if (m === 0 || x.length === 0 || outLength === 0) return out;
  const size = Math.max(512, nextPow2(4 * m));
  const block = size - m + 1;
  const fft = new FFT(size);
  // Filter spectrum (complex, interleaved).
  const hIn = new Float64Array(2 * size);
  for (let i = 0; i < m; i++) hIn[2 * i] = h[i];
  const H = new Float64Array(2 * size);
  fft.transform(H, hIn);

  const acc = new Float64Array(outLength);
  const zIn = new Float64Array(2 * size);
  const Z = new Float64Array(2 * size);
  const z = new Float64Array(2 * size);
  const inputEnd = Math.min(x.length, outLength); // input past outLength cannot reach the output
  for (let start = 0; start < inputEnd; start += 2 * block) {
    zIn.fill(0);
    const startB = start + block;
    for (let i = 0; i < block; i++) {
      const a = start + i;
      if (a < inputEnd) zIn[2 * i] = x[a];
      const b = startB + i;
      if (b < inputEnd) zIn[2 * i + 1] = x[b];
    }
    fft.transform(Z, zIn);
    for (let k = 0; k < 2 * size; k += 2) {
      const re = Z[k] * H[k] - Z[k + 1] * H[k + 1];
      const im = Z[k] * H[k + 1] + Z[k + 1] * H[k];
      Z[k] = re;
      Z[k + 1] = im;
    }
    fft.inverseTransform(z, Z);
    const lenA = Math.min(size, outLength - start);
    for (let i = 0; i < lenA; i++) acc[start + i] += z[2 * i];
    if (startB < inputEnd) {
      const lenB = Math.min(size, outLength - startB);
      for (let i = 0; i < lenB; i++) acc[startB + i] += z[2 * i + 1];
    }
  }
  for (let i = 0; i < outLength; i++) out[i] = acc[i];
  return out;
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
