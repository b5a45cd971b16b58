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

/**
 * RMS level (dBFS) of the sinusoid at exactly `frequency`: a Hann-windowed single-bin DFT over
 * the whole clip, so there is no scalloping loss whatever the frequency.
 */
export function toneRmsDb(samples: Float32Array, sampleRate: number, frequency: number): number {
  const n = samples.length;
  let re = 0;
  let im = 0;
  let windowSum = 0;
  const w = (2 * Math.PI * frequency) / sampleRate;
  for (let i = 0; i < n; i++) {
    const h = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    windowSum += h;
    re += samples[i] * h * Math.cos(w * i);
    im -= samples[i] * h * Math.sin(w * i);
  }
  const amplitude = (2 * Math.hypot(re, im)) / windowSum;
  return 20 * Math.log10(amplitude / Math.SQRT2 + 1e-30);
}

/**
 * Magnitude of the transfer function from `x` to `y` at `frequency` (dB), estimated as
 * |Sxy / Sxx| by Welch averaging: exact for a linear filter wherever `x` has energy.
 */
export function transferDb(
  x: Float32Array,
  y: Float32Array,
  sampleRate: number,
  frequency: number,
  size = 1024,
): number {
  const fft = new FFT(size);
  const fx = fft.createComplexArray();
  const fy = fft.createComplexArray();
  const bx = new Float64Array(size);
  const by = new Float64Array(size);
  const k = Math.round((frequency * size) / sampleRate);
  let sxxRe = 0;
  let sxyRe = 0;
  let sxyIm = 0;
  for (let start = 0; start + size <= x.length; start += size / 2) {
    for (let i = 0; i < size; i++) {
      const h = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
      bx[i] = x[start + i] * h;
      by[i] = y[start + i] * h;
    }
    fft.realTransform(fx, bx);
    fft.realTransform(fy, by);
    const [xr, xi, yr, yi] = [fx[2 * k], fx[2 * k + 1], fy[2 * k], fy[2 * k + 1]];
    sxxRe += xr * xr + xi * xi;
    sxyRe += yr * xr + yi * xi;
    sxyIm += yi * xr - yr * xi;
  }
  return 20 * Math.log10(Math.hypot(sxyRe, sxyIm) / sxxRe);
}

/** Slope of a noise's power spectrum in dB per octave, fitted between `lo` and `hi` Hz. */
export function slopeDbPerOctave(
  samples: Float32Array,
  sampleRate: number,
  lo: number,
  hi: number,
): number {
  const { freqs, db } = welchDb(samples, sampleRate, 2048);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 1; k < freqs.length; k++) {
    if (freqs[k] >= lo && freqs[k] <= hi) {
      xs.push(Math.log2(freqs[k]));
      ys.push(db[k]);
    }
  }
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}
