import { toDb } from '../audio/levels.js';
import type { Audio } from '../audio/types.js';
import { fillGaussian } from '../dsp/gaussian.js';
import { applyLinearPhase, designTableFir, type ResponseTable } from '../dsp/response-table.js';
import { createRng } from '../rng.js';
import type { Profile } from './analyse.js';
import { thirdOctave, thirdOctaveLevels, totalLevel } from './bands.js';
import { meanPower, powerFrames } from './spectrum.js';

/**
 * A stationary noise bed with the floor's third-octave spectrum: seeded Gaussian noise through a
 * linear-phase FIR (src/dsp/response-table.ts) whose response is the floor's power density per
 * hertz in each band, interpolated on log frequency and rolled off below the lowest band. The
 * `noise` kind offers white, pink and brown only, and `eq`/`filter` would colour the speech as
 * well, so the shaped floor travels as a file for `noise: { file }`.
 *
 * Tones the model cannot play as tones (`extra`) are added to their bands' power. Returns the
 * bed and `level`: the whole-band RMS (dBFS) that puts the measured bands at their level.
 */
export function synthesiseFloorBed(
  profile: Profile,
  seed: number,
  extra: readonly { frequency: number; level: number }[] = [],
  seconds = 20,
): { bed: Audio; level: number } {
  const { sampleRate } = profile;
  const table: [number, number][] = [];
  let target = 0;
  for (const band of profile.floor) {
    const { low, high } = thirdOctave(band.centre);
    let power = 10 ** (band.level / 10);
    for (const t of extra)
      if (t.frequency >= low && t.frequency < high) power += 10 ** (t.level / 10);
    target += power;
    table.push([band.centre, 10 * Math.log10(power / (high - low))]);
  }
  if (table.length < 2) throw new Error('floor spectrum has fewer than two bands');
  const lowest = thirdOctave(profile.floor[0].centre).low;
  const response: ResponseTable = [[lowest / 2, table[0][1] - 40], ...table];
  // A filter's gain in dB is also its power gain in dB, so on white noise the output's density
  // follows the table. The longest FIR the designer makes resolves the 25 Hz band at 48 kHz.
  const fir = designTableFir(response, sampleRate, 8191);
  const white = new Float32Array(Math.round(seconds * sampleRate));
  fillGaussian(white, createRng(seed, 'profile', 'floor-bed'));
  const shaped = applyLinearPhase(white, fir);
  let sum = 0;
  for (const v of shaped) sum += v * v;
  const gain = 0.1 / Math.sqrt(sum / shaped.length); // −20 dBFS: room above, bits below
  for (let i = 0; i < shaped.length; i++) shaped[i] *= gain;
  const pf = powerFrames(shaped, sampleRate, profile.floorSpectrum.size);
  const inBands = totalLevel(thirdOctaveLevels(meanPower(pf).power, pf.size, sampleRate));
  return {
    bed: { samples: shaped, sampleRate },
    level: 10 * Math.log10(target) + toDb(0.1) - inBands,
  };
}
