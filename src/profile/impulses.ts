import { schroederRt60 } from '../dsp/decay.js';
import type { BandEnvelopes } from './envelope.js';
import { quantile } from './envelope.js';
import { powerDb } from './spectrum.js';

/** A short loud event: a door, a dropped tray, a knock. */
export interface ImpulsiveEvent {
  /** Time of the peak, s. */
  readonly time: number;
  /** Peak level over the running background, dB. */
  readonly rise: number;
  /** Time above background + 10 dB, s. */
  readonly duration: number;
  /** RMS level (all octave bands) while above background + 10 dB, dBFS. */
  readonly level: number;
}

export interface Rt60Estimate {
  readonly seconds: number;
  /** How many decays the median came from, and the decay range fitted (T10 or T20). */
  readonly decays: number;
  readonly method: string;
}

/**
 * Block power of the octave bands from 500 Hz up (all bands at low rates): knocks and slams are
 * broadband, while the floor they stand out of is usually loudest low down.
 */
export function upperBands(env: BandEnvelopes): Float64Array {
  const n = env.blocks[0]?.length ?? 0;
  const out = new Float64Array(n);
  const from = env.centres.some((c) => c >= 500) ? 500 : 0;
  env.blocks.forEach((band, i) => {
    if (env.centres[i] >= from) for (let b = 0; b < n; b++) out[b] += band[b];
  });
  return out;
}

function allBands(env: BandEnvelopes): Float64Array {
  const out = new Float64Array(env.blocks[0]?.length ?? 0);
  for (const band of env.blocks) for (let b = 0; b < out.length; b++) out[b] += band[b];
  return out;
}

/** Running median of a block series over `width` blocks, sampled every `step` blocks. */
function runningMedianDb(db: Float64Array, width: number, step: number): Float64Array {
  const out = new Float64Array(db.length);
  for (let c = 0; c < db.length; c += step) {
    const a = Math.max(0, c - (width >> 1));
    const b = Math.min(db.length, a + width);
    const sorted = Array.from(db.subarray(a, b)).sort((x, y) => x - y);
    out.fill(quantile(sorted, 0.5), c, Math.min(db.length, c + step));
  }
  return out;
}

/**
 * Impulsive events: blocks at least 10 dB over a running 1 s median, rising from background + 3
 * dB to the peak within 20 ms and staying above background + 10 dB for under 0.6 s (a room's
 * tail keeps a knock loud for a while). Blocks
 * flagged in `exclude` (a periodic pattern's pulses) are not events.
 */
export function findImpulses(
  env: BandEnvelopes,
  exclude?: Uint8Array,
): { events: ImpulsiveEvent[]; background: Float64Array } {
  const rate = env.blockRate;
  const db = Float64Array.from(upperBands(env), powerDb);
  const all = allBands(env);
  const background = runningMedianDb(db, Math.round(rate), Math.max(1, Math.round(rate / 20)));
  const events: ImpulsiveEvent[] = [];
  for (let b = 1; b < db.length; b++) {
    if (db[b] - background[b] < 10 || db[b - 1] - background[b - 1] >= 10) continue;
    let end = b;
    let peakAt = b;
    let sum = 0;
    while (end < db.length && db[end] - background[end] >= 10) {
      if (db[end] > db[peakAt]) peakAt = end;
      sum += all[end];
      end++;
    }
    let start = b;
    while (start > 0 && db[start - 1] - background[start - 1] >= 3) start--;
    const duration = (end - b) / rate;
    const riseTime = (peakAt - start) / rate;
    const excluded = exclude?.subarray(start, end).some((v) => v === 1);
    if (duration < 0.6 && riseTime <= 0.02 && !excluded) {
      events.push({
        time: peakAt / rate,
        rise: db[peakAt] - background[peakAt],
        duration,
        level: powerDb(sum / (end - b)),
      });
    }
    b = end;
  }
  return { events, background };
}

/**
 * RT60 from the decays after impulsive events, in the 500 Hz and 1 kHz octaves (the mid
 * frequencies ISO 3382 averages): the background power is subtracted from each decay, which runs
 * from the peak until it reaches the background (or 3 s, or the next event), and Schroeder's
 * backward integral is fitted over 20 dB (T20) when the event rises ≥ 35 dB over the background,
 * else 10 dB (T10) when it rises ≥ 25 dB. The median over events. An event has a duration of its
 * own and the microphone hears the room's noise, so it is an estimate, and tends to read long.
 */
export function estimateRt60(
  env: BandEnvelopes,
  events: readonly ImpulsiveEvent[],
): Rt60Estimate | undefined {
  const rate = env.blockRate;
  const mid = env.centres.flatMap((c, i) => (c === 500 || c === 1000 ? [env.blocks[i]] : []));
  if (mid.length === 0 || events.length === 0) return undefined;
  const n = mid[0].length;
  const power = new Float64Array(n);
  for (const band of mid) for (let b = 0; b < n; b++) power[b] += band[b];
  const sortedDb = Array.from(power, powerDb).sort((a, b) => a - b);
  const floor = 10 ** (quantile(sortedDb, 0.3) / 10);
  const estimates: number[] = [];
  let range = 20;
  events.forEach((e, i) => {
    const start = Math.round(e.time * rate);
    const next = i + 1 < events.length ? Math.round(events[i + 1].time * rate) : n;
    const stop = Math.min(n, next, start + Math.round(3 * rate));
    const rise = powerDb(power[start]) - powerDb(floor);
    const r = rise >= 35 ? 20 : rise >= 25 ? 10 : 0;
    if (r === 0) return;
    range = Math.min(range, r);
    const decay: number[] = [];
    for (let b = start; b < stop; b++) {
      const p = power[b] - floor;
      if (p <= floor * 0.25) break;
      decay.push(Math.sqrt(p));
    }
    const t = schroederRt60(decay, rate, r);
    if (Number.isFinite(t) && t > 0) estimates.push(t);
  });
  if (estimates.length === 0) return undefined;
  estimates.sort((a, b) => a - b);
  return {
    seconds: quantile(estimates, 0.5),
    decays: estimates.length,
    method: `median of ${estimates.length} decay${estimates.length === 1 ? '' : 's'}, T${range} (500 Hz + 1 kHz octaves)`,
  };
}
