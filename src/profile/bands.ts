import { powerDb } from './spectrum.js';

/** A fractional-octave band and its level in dBFS (RMS of the band-limited signal). */
export interface BandLevel {
  /** Nominal centre frequency, Hz (IEC 61260 base-ten series, rounded as printed on meters). */
  readonly centre: number;
  readonly level: number;
}

const NOMINAL = [
  25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600,
  2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500, 16000, 20000,
];

/** Exact centre and edges of the third-octave band of nominal centre `nominal` (base ten). */
export function thirdOctave(nominal: number): { centre: number; low: number; high: number } {
  const n = Math.round(10 * Math.log10(nominal / 1000));
  const centre = 1000 * 10 ** (n / 10);
  return { centre, low: centre * 10 ** (-1 / 20), high: centre * 10 ** (1 / 20) };
}

/**
 * Third-octave band levels from a one-sided power spectrum (bins summing to mean square), for
 * the bands that lie wholly below Nyquist and hold at least one bin.
 */
export function thirdOctaveLevels(
  power: Float64Array,
  size: number,
  sampleRate: number,
): BandLevel[] {
  const binHz = sampleRate / size;
  const out: BandLevel[] = [];
  for (const nominal of NOMINAL) {
    const { low, high } = thirdOctave(nominal);
    if (high > sampleRate / 2) break;
    const k0 = Math.ceil(low / binHz);
    const k1 = Math.min(power.length - 1, Math.floor(high / binHz));
    if (k1 < k0 || k0 < 1) continue;
    let sum = 0;
    for (let k = k0; k <= k1; k++) sum += power[k];
    out.push({ centre: nominal, level: powerDb(sum) });
  }
  return out;
}

/** IEC 61672 A-weighting in dB at frequency f (0 dB at 1 kHz). */
export function aWeightingDb(f: number): number {
  const f2 = f * f;
  const ra =
    (12194 ** 2 * f2 * f2) /
    ((f2 + 20.6 ** 2) * Math.sqrt((f2 + 107.7 ** 2) * (f2 + 737.9 ** 2)) * (f2 + 12194 ** 2));
  return 20 * Math.log10(ra) + 2.0;
}

/** Total level of band levels (power sum), optionally A-weighted at the band centres. */
export function totalLevel(bands: readonly BandLevel[], aWeighted = false): number {
  let sum = 0;
  for (const b of bands) sum += 10 ** ((b.level + (aWeighted ? aWeightingDb(b.centre) : 0)) / 10);
  return powerDb(sum);
}
