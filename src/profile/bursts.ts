import {
  type BandEnvelopes,
  binaryPeriod,
  excessModulationDb,
  movingAverage,
  otsuThreshold,
  quantile,
  runs,
  tidy,
} from './envelope.js';
import { powerDb } from './spectrum.js';

/** On/off structure of the non-stationary part of a recording (alarms, pumps, scanners). */
export interface BurstStructure {
  /** Octave bands (centre Hz) whose level swings beyond what noise would: where the bursts live. */
  readonly bands: readonly number[];
  /** Median level while on minus median level while off, in those bands (dB). */
  readonly contrast: number;
  /** Fraction of the time the bursts sound. */
  readonly duty: number;
  /** Repetition time of the pattern (s), when it repeats. */
  readonly period?: number;
  /** Normalised autocorrelation at the period (1 = exact repetition). */
  readonly periodicity?: number;
  readonly pulsesPerBurst: number;
  /** Median pulse length and gap between pulses of one burst (s). */
  readonly pulse: number;
  readonly spacing: number;
  readonly bursts: number;
  /** Per 5 ms block: 1 while a burst sounds. */
  readonly on: Uint8Array;
  readonly blockRate: number;
}

/**
 * Finds bursts: the bands that swing more than noise (≥ 4 dB excess), an envelope summed over
 * them, an on/off split by Otsu's threshold (≥ 6 dB between the classes, or there are no
 * bursts), the period from the on/off sequence's autocorrelation refined by regressing burst
 * onsets on their cycle number, and the pulse pattern from the runs.
 */
export function findBursts(env: BandEnvelopes): BurstStructure | undefined {
  const { blockRate } = env;
  const chosen = env.centres
    .map((c, i) => ({ c, i, excess: excessModulationDb(env.blocks[i], c, blockRate) }))
    .filter((b) => b.excess >= 4);
  if (chosen.length === 0 || env.blocks[0].length < blockRate) return undefined;
  const n = env.blocks[0].length;
  const sum = new Float64Array(n);
  for (const { i } of chosen) for (let b = 0; b < n; b++) sum[b] += env.blocks[i][b];
  const db = Array.from(movingAverage(sum, 2), powerDb);
  const threshold = otsuThreshold(db);
  const raw = Uint8Array.from(db, (v) => (v > threshold ? 1 : 0));
  const on = tidy(raw, Math.round(0.015 * blockRate), Math.round(0.01 * blockRate));
  const onDb = db.filter((_, b) => on[b]).sort((a, b) => a - b);
  const offDb = db.filter((_, b) => !on[b]).sort((a, b) => a - b);
  if (onDb.length === 0 || offDb.length === 0) return undefined;
  const contrast = quantile(onDb, 0.5) - quantile(offDb, 0.5);
  if (contrast < 6) return undefined;
  const pulses = runs(on);
  const found = binaryPeriod(on, Math.round(0.05 * blockRate));
  // Machines and alarms repeat at ≥ 0.9; the syllable rhythm of speech reaches about 0.5.
  const periodic = found && found.strength >= 0.7 ? found.lag / blockRate : undefined;
  const pattern = pulsePattern(pulses, periodic, blockRate, n);
  return {
    bands: chosen.map((b) => b.c),
    contrast,
    duty: onDb.length / n,
    ...(periodic !== undefined && {
      period: pattern.period ?? periodic,
      periodicity: found!.strength,
    }),
    pulsesPerBurst: pattern.pulsesPerBurst,
    pulse: pattern.pulse,
    spacing: pattern.spacing,
    bursts: pattern.bursts,
    on,
    blockRate,
  };
}

/**
 * Groups pulses into bursts (a gap longer than halfway between the shortest and longest gap
 * starts a new burst; all gaps alike means one pulse per burst), then counts pulses per
 * complete burst and regresses burst onsets on cycle number for the period.
 */
function pulsePattern(
  pulses: [number, number][],
  period: number | undefined,
  blockRate: number,
  n: number,
): { pulsesPerBurst: number; pulse: number; spacing: number; bursts: number; period?: number } {
  const gaps = pulses.slice(1).map(([a], i) => a - pulses[i][1]);
  const minGap = Math.min(...gaps);
  const maxGap = Math.max(...gaps);
  const split = gaps.length && maxGap > 1.5 * minGap ? (minGap + maxGap) / 2 : -1;
  const groups: [number, number][][] = [];
  pulses.forEach((p, i) => {
    if (i === 0 || split < 0 || gaps[i - 1] > split) groups.push([p]);
    else groups[groups.length - 1].push(p);
  });
  const complete = groups.filter((g) => g[0][0] > 0 && g[g.length - 1][1] < n);
  const sizes = (complete.length ? complete : groups).map((g) => g.length).sort((a, b) => a - b);
  const inner = groups
    .flatMap((g) => g.slice(1).map(([a], i) => a - g[i][1]))
    .sort((a, b) => a - b);
  const lengths = pulses.map(([a, b]) => b - a).sort((a, b) => a - b);
  let refined: number | undefined;
  if (period !== undefined && groups.length >= 3) {
    const onsets = groups.map((g) => g[0][0] / blockRate);
    const cycles = onsets.map((t) => Math.round((t - onsets[0]) / period));
    refined = slope(cycles, onsets);
    if (!(refined > 0.9 * period && refined < 1.1 * period)) refined = period;
  }
  return {
    pulsesPerBurst: Math.max(1, Math.round(quantile(sizes, 0.5))),
    pulse: quantile(lengths, 0.5) / blockRate,
    spacing: inner.length ? quantile(inner, 0.5) / blockRate : 0,
    bursts: groups.length,
    ...(refined !== undefined && { period: refined }),
  };
}

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}
