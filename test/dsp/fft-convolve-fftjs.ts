import FFT from 'fft.js';

/**
 * The fft.js implementation of src/dsp/fft-convolve.ts as it was before the WebAssembly kernel
 * (commit bf065f4), kept verbatim as the reference the kernel must match bit for bit.
 */

/**
 * Linear convolution by overlap-save with FFTs (fft.js, radix-4). Blocks are taken two at a
 * time as the real and imaginary parts of one complex transform: the filter's spectrum is
 * Hermitian, so multiplying by it keeps the two blocks apart, and one transform pair filters
 * both — the work of a real-input FFT without its unpacking. Overlap-save writes each output
 * sample once, from one block, straight into the result (no accumulator to add into and copy
 * out), and the inverse transform is a forward one on the conjugate with the 1/N folded into
 * the filter's spectrum, which saves fft.js's separate scaling pass.
 *
 * The FFT size is the power of two that minimises the total transform work, (transforms
 * needed) · N·log2(N), for a filter of m taps and the output length asked: on long signals
 * about 8× the filter for short filters, down to 4× for long ones; on a short clip no larger
 * than the clip needs.
 *
 * Returns the first `outLength` samples of x * h (default: x's length), computed in double
 * precision and stored as float32.
 */
export function fftConvolveFftJs(
  x: Float32Array,
  h: Float32Array | Float64Array,
  outLength = x.length,
): Float32Array {
  const out = new Float32Array(outLength);
  const m = h.length;
  if (m === 0 || x.length === 0 || outLength === 0) return out;
  const size = fftSizeFor(m, outLength);
  const valid = size - m + 1; // outputs per block
  const fft = new FFT(size);
  // Filter spectrum, scaled by 1/N for the inverse below.
  const hIn = new Float64Array(2 * size);
  for (let i = 0; i < m; i++) hIn[2 * i] = h[i] / size;
  const H = new Float64Array(2 * size);
  fft.transform(H, hIn);

  const zIn = new Float64Array(2 * size);
  const Z = new Float64Array(2 * size);
  const z = new Float64Array(2 * size);
  for (let start = 0; start < outLength; start += 2 * valid) {
    // Block A yields outputs [start, start + valid) from inputs from start − (m − 1) on;
    // block B the next `valid` outputs.
    loadPair(zIn, x, start - m + 1, start + valid - m + 1, size);
    fft.transform(Z, zIn);
    multiplyConjugate(Z, H);
    fft.transform(z, Z);
    // conj(FFT(conj(Y))) / N = IFFT(Y): block A is the real part, block B minus the imaginary.
    storePair(out, start, z, 2 * (m - 1), valid);
  }
  return out;
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

/** x[a…a+size) and x[b…b+size) (zero outside x) into z's real and imaginary lanes. */
function loadPair(z: Float64Array, x: Float32Array, a: number, b: number, size: number): void {
  if (a >= 0 && b >= 0 && a + size <= x.length && b + size <= x.length) {
    // Both blocks inside the signal (all but the first and last blocks): one pass, no tests.
    for (let i = 0; i < size; i++) {
      z[2 * i] = x[a + i];
      z[2 * i + 1] = x[b + i];
    }
    return;
  }
  load(z, 0, x, a, size);
  load(z, 1, x, b, size);
}

function load(z: Float64Array, part: number, x: Float32Array, from: number, size: number): void {
  const lo = Math.min(size, Math.max(0, -from));
  const hi = Math.max(lo, Math.min(size, x.length - from));
  for (let i = 0; i < lo; i++) z[2 * i + part] = 0;
  for (let i = lo; i < hi; i++) z[2 * i + part] = x[from + i];
  for (let i = hi; i < size; i++) z[2 * i + part] = 0;
}

/** Z ← conj(Z · H), elementwise on interleaved complex arrays. */
function multiplyConjugate(Z: Float64Array, H: Float64Array): void {
  for (let k = 0; k < Z.length; k += 2) {
    const re = Z[k] * H[k] - Z[k + 1] * H[k + 1];
    const im = Z[k] * H[k + 1] + Z[k + 1] * H[k];
    Z[k] = re;
    Z[k + 1] = -im;
  }
}

/**
 * out[at…at+count) ← the real lane of z from index `first` on, and the next `count` outputs
 * ← minus the imaginary lane (clipped to out's length).
 */
function storePair(
  out: Float32Array,
  at: number,
  z: Float64Array,
  first: number,
  count: number,
): void {
  const nA = Math.min(count, out.length - at);
  const nB = Math.min(count, out.length - at - count);
  for (let i = 0; i < nB; i++) {
    out[at + i] = z[first + 2 * i];
    out[at + count + i] = -z[first + 2 * i + 1];
  }
  for (let i = Math.max(0, nB); i < nA; i++) out[at + i] = z[first + 2 * i];
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
