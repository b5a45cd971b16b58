import { powerDb } from './spectrum.js';

/** A spectral line standing out of the noise around it. */
export interface TonalPeak {
  /** Hz, interpolated between bins. */
  readonly frequency: number;
  /** RMS level of the sinusoid, dBFS (background under the main lobe removed). */
  readonly level: number;
  /** How far the peak bin stands above the local background, dB. */
  readonly prominence: number;
  /** Centre bin, for notching the tone out of a spectrum. */
  readonly bin: number;
}

/** A fundamental and the harmonics found with it. */
export interface ToneSeries {
  readonly fundamental: number;
  readonly partials: readonly { harmonic: number; frequency: number; level: number }[];
  readonly kind: 'mains' | 'transformer' | 'whine' | 'tonal';
  /** A sentence for a person: what this series probably is. */
  readonly label: string;
}

const LOBE = 3; // bins each side holding a Hann-windowed sinusoid's energy (> 99.9 %)

/** Local background power per bin around k: the median of its neighbourhood, lobe excluded. */
export function localBackground(power: Float64Array, k: number): number {
  const w = Math.max(24, Math.round(0.05 * k));
  const values: number[] = [];
  for (let j = Math.max(1, k - w); j <= Math.min(power.length - 1, k + w); j++) {
    if (Math.abs(j - k) > LOBE + 1) values.push(power[j]);
  }
  values.sort((a, b) => a - b);
  return values.length ? values[values.length >> 1] : 0;
}

/**
 * Tonal peaks of a (Welch-averaged) power spectrum: local maxima at least `prominenceDb` above
 * the median of the bins around them. Frequency by parabolic interpolation of the log power
 * (a Hann main lobe is close to Gaussian, so the error is a few hundredths of a bin).
 */
export function findTonalPeaks(
  power: Float64Array,
  size: number,
  sampleRate: number,
  { minHz = 20, maxHz = sampleRate * 0.47, prominenceDb = 8 } = {},
): TonalPeak[] {
  const binHz = sampleRate / size;
  const peaks: TonalPeak[] = [];
  const k0 = Math.max(LOBE + 1, Math.ceil(minHz / binHz));
  const k1 = Math.min(power.length - LOBE - 2, Math.floor(maxHz / binHz));
  for (let k = k0; k <= k1; k++) {
    const p = power[k];
    if (!(p > power[k - 1] && p >= power[k + 1] && p > power[k - 2] && p >= power[k + 2])) continue;
    const background = localBackground(power, k);
    const prominence = powerDb(p) - powerDb(background);
    if (prominence < prominenceDb) continue;
    let lobe = 0;
    for (let j = k - LOBE; j <= k + LOBE; j++) lobe += power[j];
    const tone = lobe - (2 * LOBE + 1) * background;
    if (tone <= 0) continue;
    const [a, b, c] = [power[k - 1], p, power[k + 1]].map(powerDb);
    const denom = a - 2 * b + c;
    const delta = denom === 0 ? 0 : (0.5 * (a - c)) / denom;
    peaks.push({ frequency: (k + delta) * binHz, level: powerDb(tone), prominence, bin: k });
  }
  // Two maxima inside one main lobe are one tone: keep the stronger.
  const kept: TonalPeak[] = [];
  for (const peak of peaks) {
    const last = kept[kept.length - 1];
    if (last && peak.bin - last.bin <= LOBE) {
      if (peak.level > last.level) kept[kept.length - 1] = peak;
    } else kept.push(peak);
  }
  return kept;
}

/**
 * Groups peaks into harmonic series, lowest unassigned peak first as a fundamental; a series
 * stops after four missing harmonics in a row, so an unrelated whine high up is not swallowed
 * by a hum's 20th harmonic. The fundamental is refined by least squares over all partials.
 */
export function harmonicSeries(peaks: readonly TonalPeak[], binHz: number): ToneSeries[] {
  const free = [...peaks].sort((a, b) => a.frequency - b.frequency);
  const used = new Set<TonalPeak>();
  const series: ToneSeries[] = [];
  for (const base of free) {
    if (used.has(base)) continue;
    used.add(base);
    const partials = [{ harmonic: 1, frequency: base.frequency, level: base.level }];
    let f0 = base.frequency;
    let missing = 0;
    for (let h = 2; h <= 40 && missing < 4; h++) {
      const target = h * f0;
      const tolerance = Math.max(1.5 * binHz, 0.002 * target);
      let best: TonalPeak | undefined;
      for (const p of free) {
        if (used.has(p) || Math.abs(p.frequency - target) > tolerance) continue;
        if (!best || Math.abs(p.frequency - target) < Math.abs(best.frequency - target)) best = p;
      }
      if (!best) {
        missing++;
        continue;
      }
      missing = 0;
      used.add(best);
      partials.push({ harmonic: h, frequency: best.frequency, level: best.level });
      let num = 0;
      let den = 0;
      for (const q of partials) {
        num += q.harmonic * q.frequency;
        den += q.harmonic * q.harmonic;
      }
      f0 = num / den;
    }
    series.push(describeSeries(f0, partials));
  }
  return series;
}

function describeSeries(
  f0: number,
  partials: { harmonic: number; frequency: number; level: number }[],
): ToneSeries {
  const list = (hs: number[]) => (hs.length ? hs.join(', ') : 'none');
  const odd = partials.filter((p) => p.harmonic > 1 && p.harmonic % 2 === 1).map((p) => p.harmonic);
  const even = partials.filter((p) => p.harmonic % 2 === 0).map((p) => p.harmonic);
  const near = (f: number, tol: number) => Math.abs(f0 - f) <= tol;
  const mains = near(50, 1) ? 50 : near(60, 1) ? 60 : undefined;
  const doubled = near(100, 2) ? 50 : near(120, 2) ? 60 : undefined;
  const f = f0.toFixed(f0 < 100 ? 2 : 1);
  if (mains !== undefined)
    return {
      fundamental: f0,
      partials,
      kind: 'mains',
      label: `mains hum at ${f} Hz (${mains} Hz grid)${partials.length === 1 ? ', fundamental only' : `: odd harmonics ${list(odd)}; even harmonics ${list(even)}`}${even.includes(2) ? ` (${2 * mains} Hz is also where transformer hum sits)` : ''}`,
    };
  if (doubled !== undefined)
    return {
      fundamental: f0,
      partials,
      kind: 'transformer',
      label: `transformer hum at ${f} Hz (twice the ${doubled} Hz mains: magnetostriction)`,
    };
  if (f0 >= 1000)
    return { fundamental: f0, partials, kind: 'whine', label: `equipment whine at ${f} Hz` };
  return {
    fundamental: f0,
    partials,
    kind: 'tonal',
    label: `tonal series at ${f} Hz with ${partials.length} partial${partials.length === 1 ? '' : 's'} (motor, fan, pump or coil; not a 50/60 Hz mains frequency)`,
  };
}
