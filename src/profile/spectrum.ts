import FFT from 'fft.js';

/**
 * Short-time power spectra (Hann window), scaled so the bins of one frame sum to the mean
 * square of the signal under the window (Parseval): a band's power is the sum of its bins, and a
 * sinusoid of RMS r contributes r² spread over its main lobe (±2 bins for Hann).
 */
export interface PowerFrames {
  readonly size: number;
  readonly hop: number;
  readonly sampleRate: number;
  /** One-sided power per bin (size/2 + 1 values) for each frame. */
  readonly frames: readonly Float32Array[];
}

export function powerFrames(
  samples: Float32Array,
  sampleRate: number,
  size: number,
  hop = size / 2,
): PowerFrames {
  const fft = new FFT(size);
  const window = hann(size);
  let windowEnergy = 0;
  for (let i = 0; i < size; i++) windowEnergy += window[i] * window[i];
  const norm = 1 / (size * windowEnergy);
  const frame = new Float64Array(size);
  const spectrum = fft.createComplexArray();
  const frames: Float32Array[] = [];
  for (let start = 0; start + size <= samples.length; start += hop) {
    for (let i = 0; i < size; i++) frame[i] = samples[start + i] * window[i];
    fft.realTransform(spectrum, frame);
    const p = new Float32Array(size / 2 + 1);
    for (let k = 0; k <= size / 2; k++) {
      const twoSided = k === 0 || k === size / 2 ? 1 : 2;
      p[k] = twoSided * norm * (spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2);
    }
    frames.push(p);
  }
  return { size, hop, sampleRate, frames };
}

/** Mean power per bin over the frames `keep` accepts (all by default). */
export function meanPower(
  pf: PowerFrames,
  keep: (index: number) => boolean = () => true,
): { power: Float64Array; count: number } {
  const power = new Float64Array(pf.size / 2 + 1);
  let count = 0;
  pf.frames.forEach((frame, j) => {
    if (!keep(j)) return;
    for (let k = 0; k < power.length; k++) power[k] += frame[k];
    count++;
  });
  if (count > 0) for (let k = 0; k < power.length; k++) power[k] /= count;
  return { power, count };
}

/** Largest power of two not above n (at least 2). */
export function floorPow2(n: number): number {
  return 2 ** Math.max(1, Math.floor(Math.log2(Math.max(2, n))));
}

function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

export function powerDb(p: number): number {
  return 10 * Math.log10(Math.max(p, 1e-20));
}
