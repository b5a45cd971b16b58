import FFT from 'fft.js';

/**
 * Welch power spectrum (Hann window, 50 % overlap), scaled so a sinusoid of RMS r reads
 * 20·log10(r) dBFS at its bin: the level meter the perturbation tests read from.
 */
export function welchDb(
  samples: Float32Array,
  sampleRate: number,
  size = 8192,
): { freqs: Float64Array; db: Float64Array } {
  const fft = new FFT(size);
  const window = new Float64Array(size);
  let windowSum = 0;
  for (let i = 0; i < size; i++) {
    window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
    windowSum += window[i];
  }
  const power = new Float64Array(size / 2 + 1);
  const frame = new Float64Array(size);
  const out = fft.createComplexArray();
  let frames = 0;
  for (let start = 0; start + size <= samples.length; start += size / 2) {
    for (let i = 0; i < size; i++) frame[i] = samples[start + i] * window[i];
    fft.realTransform(out, frame);
    for (let k = 0; k <= size / 2; k++) power[k] += out[2 * k] ** 2 + out[2 * k + 1] ** 2;
    frames++;
  }
  const freqs = new Float64Array(size / 2 + 1);
  const db = new Float64Array(size / 2 + 1);
  for (let k = 0; k <= size / 2; k++) {
    freqs[k] = (k * sampleRate) / size;
    // Amplitude of a sinusoid at bin centre = 2|X|/Σw; its RMS is that /√2.
    const amplitudeRms = (2 * Math.sqrt(power[k] / Math.max(1, frames))) / windowSum / Math.SQRT2;
    db[k] = 20 * Math.log10(amplitudeRms + 1e-30);
  }
  return { freqs, db };
}

/** Level of a sinusoid near `frequency`: the peak over ±3 bins (Hann scalloping < 1.5 dB; use bin-centred tones). */
export function toneLevelDb(
  spectrum: { freqs: Float64Array; db: Float64Array },
  frequency: number,
): number {
  const step = spectrum.freqs[1];
  const k = Math.round(frequency / step);
  let best = Number.NEGATIVE_INFINITY;
  for (let j = Math.max(0, k - 3); j <= Math.min(spectrum.db.length - 1, k + 3); j++)
    best = Math.max(best, spectrum.db[j]);
  return best;
}

/** Power spectral density ratio (dB) of `b` over `a`, averaged in a band: the filter's measured gain. */
export function bandGainDb(
  a: Float32Array,
  b: Float32Array,
  sampleRate: number,
  lo: number,
  hi: number,
  size = 4096,
): number {
  const sa = welchDb(a, sampleRate, size);
  const sb = welchDb(b, sampleRate, size);
  let pa = 0;
  let pb = 0;
  for (let k = 0; k < sa.freqs.length; k++) {
    if (sa.freqs[k] >= lo && sa.freqs[k] <= hi) {
      pa += 10 ** (sa.db[k] / 10);
      pb += 10 ** (sb.db[k] / 10);
    }
  }
  return 10 * Math.log10(pb / pa);
}
