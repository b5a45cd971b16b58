import { describe, expect, it } from 'vitest';
import { rms, signalLevel, toDb } from '../../src/audio/levels.js';
import { readAudio } from '../../src/audio/read.js';
import { bestLag } from '../../src/dsp/xcorr.js';
import { minus, run, speech, tile } from './_speech.js';

describe('noise from recorded beds (file)', () => {
  it('adds the bed at the target SNR (P.56 active level) within 0.1 dB', async () => {
    const clean = await speech(0);
    for (const snr of [20, 5]) {
      const { out } = await run('noise', clean, { file: 'fixtures/noise/ward.wav', snr });
      const achieved = toDb(
        signalLevel(clean.samples, clean.sampleRate, 'active') /
          rms(minus(out.samples, clean.samples)),
      );
      expect(Math.abs(achieved - snr)).toBeLessThan(0.1);
    }
  });

  it('adds a segment of the bed starting at the noted offset (correlation > 0.999)', async () => {
    const clean = await speech(2); // 4.1 s, shorter than the 6 s bed: no looping
    const { out, notes } = await run('noise', clean, {
      file: 'fixtures/noise/hvac.wav',
      level: -30,
    });
    const bed = await readAudio('fixtures/noise/hvac.wav');
    const added = minus(out.samples, clean.samples);
    const offset = Math.round(Number(notes.offset) * 16000);
    const segment = bed.samples.subarray(offset, offset + added.length);
    const { lag, correlation } = bestLag(segment, added, -5, 5);
    expect(lag).toBe(0);
    expect(correlation).toBeGreaterThan(0.999);
  });

  it('loops a short bed without a level dip or click at the wraps', async () => {
    const clean = tile(await speech(0), 20); // 20 s over a 4 s bed: 5 wraps
    const { out } = await run('noise', clean, {
      file: 'fixtures/noise/corridor.wav',
      level: -30,
      crossfade: 0.25,
    });
    const added = minus(out.samples, clean.samples);
    expect(toDb(rms(added))).toBeCloseTo(-30, 1);
    // Level in 50 ms windows stays within the bed's own fluctuation (±0.3 modulation ≈ ±3 dB).
    const win = 800;
    const levels: number[] = [];
    for (let s = 0; s + win <= added.length; s += win)
      levels.push(toDb(rms(added.subarray(s, s + win))));
    const median = [...levels].sort((a, b) => a - b)[levels.length >> 1];
    expect(Math.min(...levels)).toBeGreaterThan(median - 8);
    // No click: the largest sample-to-sample step is no larger than in the bed itself.
    const bed = (await readAudio('fixtures/noise/corridor.wav')).samples;
    const maxStep = (x: Float32Array) =>
      x.reduce((m, v, i) => (i ? Math.max(m, Math.abs(v - x[i - 1])) : m), 0);
    const g = rms(added) / rms(bed);
    expect(maxStep(added)).toBeLessThan(1.2 * g * maxStep(bed));
  });

  it('picks one file per clip from a folder, seeded', async () => {
    const clean = await speech(1);
    const picked = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const { notes } = await run('noise', clean, { file: 'fixtures/noise', snr: 10 }, { seed });
      picked.add(String(notes.file));
    }
    expect([...picked].sort()).toEqual(['corridor.wav', 'hvac.wav', 'ward.wav']);
  });
});
