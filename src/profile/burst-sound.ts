import { type BandLevel, thirdOctave, thirdOctaveLevels } from './bands.js';
import type { BurstStructure } from './bursts.js';
import { floorPow2, meanPower, powerDb, powerFrames } from './spectrum.js';
import { findTonalPeaks, harmonicSeries, type ToneSeries } from './tones.js';

/** What the bursts sound like: a harmonic tone (an alarm) or band-limited noise (a machine). */
export interface BurstSound {
  /** RMS level while the bursts sound, dBFS (the steady background removed). */
  readonly level: number;
  readonly tonal?: ToneSeries;
  /** Share of the burst power in the tonal series. */
  readonly tonalShare: number;
  /** Band holding the burst power (third-octaves within 10 dB of the top quarter's), Hz. */
  readonly low: number;
  readonly high: number;
  readonly bands: readonly BandLevel[];
  /** Slope of the burst's third-octave levels, dB per octave (white +3, pink 0, brown −3). */
  readonly slope: number;
}

/**
 * Spectra of the frames inside bursts and of the frames well outside them (64 ms frames), the
 * difference being the bursts' own spectrum. Peaks of the on-spectrum at least 6 dB over the
 * off-spectrum at the same bin belong to the bursts, not to a steady hum.
 */
export function burstSound(
  samples: Float32Array,
  sampleRate: number,
  bursts: BurstStructure,
): BurstSound | undefined {
  const size = floorPow2(0.064 * sampleRate);
  const pf = powerFrames(samples, sampleRate, size);
  const samplesPerBlock = sampleRate / bursts.blockRate;
  const fractionOn = (j: number) => {
    const a = Math.floor((j * pf.hop) / samplesPerBlock);
    const b = Math.min(bursts.on.length, Math.ceil((j * pf.hop + size) / samplesPerBlock));
    let on = 0;
    for (let i = a; i < b; i++) on += bursts.on[i];
    return b > a ? on / (b - a) : 0;
  };
  const fractions = pf.frames.map((_, j) => fractionOn(j));
  let on = meanPower(pf, (j) => fractions[j] >= 0.999);
  if (on.count < 3) on = meanPower(pf, (j) => fractions[j] >= 0.8);
  const off = meanPower(pf, (j) => fractions[j] === 0);
  if (on.count === 0 || off.count === 0) return undefined;
  const burst = Float64Array.from(on.power, (p, k) => Math.max(0, p - off.power[k]));
  let total = 0;
  for (const p of burst) total += p;
  if (total <= 0) return undefined;
  const binHz = sampleRate / size;
  const peaks = findTonalPeaks(on.power, size, sampleRate, { minHz: 100, prominenceDb: 10 })
    .filter((p) => powerDb(on.power[p.bin]) - powerDb(off.power[p.bin]) >= 6)
    .map((p) => {
      let lobe = 0;
      for (let k = p.bin - 3; k <= p.bin + 3; k++) lobe += burst[k];
      return { ...p, level: powerDb(lobe) };
    });
  const series = harmonicSeries(peaks, binHz);
  const power = (s: ToneSeries) => s.partials.reduce((a, p) => a + 10 ** (p.level / 10), 0);
  const strongest = series.sort((a, b) => power(b) - power(a))[0];
  const tonalShare = strongest ? Math.min(1, power(strongest) / total) : 0;
  const bands = thirdOctaveLevels(burst, size, sampleRate);
  // The top quarter of the bands sets the reference, so a stray low-frequency band (a floor of
  // brown noise fluctuates by several dB between any two sets of frames) cannot claim the burst.
  const sorted = bands.map((b) => b.level).sort((a, b) => a - b);
  const reference = sorted[Math.floor(0.75 * (sorted.length - 1))];
  const loud = bands.filter((b) => b.level >= reference - 10);
  const slope = theilSen(
    loud.map((b) => Math.log2(b.centre)),
    loud.map((b) => b.level),
  );
  return {
    level: powerDb(total),
    slope,
    ...(strongest && tonalShare >= 0.5 && { tonal: strongest }),
    tonalShare,
    low: loud.length ? thirdOctave(loud[0].centre).low : 100,
    high: loud.length ? thirdOctave(loud[loud.length - 1].centre).high : 1000,
    bands,
  };
}

/** Median of the pairwise slopes (Theil–Sen): a straight line that outlying bands cannot tilt. */
function theilSen(xs: number[], ys: number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++)
      if (xs[j] !== xs[i]) slopes.push((ys[j] - ys[i]) / (xs[j] - xs[i]));
  slopes.sort((a, b) => a - b);
  return slopes.length ? slopes[slopes.length >> 1] : 0;
}
