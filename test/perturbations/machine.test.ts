import { describe, expect, it } from 'vitest';
import { rms, signalLevel, toDb } from '../../src/audio/levels.js';
import { bandGainDb, toneRmsDb } from '../helpers/spectrum.js';
import { minus, run, speech, tile } from './_speech.js';

function envelope(x: Float32Array, rate: number): Float64Array {
  const hop = Math.round(0.001 * rate);
  const out = new Float64Array(Math.floor(x.length / hop));
  for (let f = 0; f < out.length; f++) out[f] = rms(x.subarray(f * hop, (f + 1) * hop));
  return out;
}

describe('machine', () => {
  it('repeats pulses at the stated period (±1 %) with the stated duty cycle (±0.05)', async () => {
    const clean = tile(await speech(0), 10);
    for (const [period, duty] of [
      [0.1, 0.4],
      [0.75, 0.3],
    ]) {
      const { out } = await run('machine', clean, { period, duty, level: -30 });
      const env = envelope(minus(out.samples, clean.samples), 16000);
      // Period: autocorrelation peak of the 1 ms envelope, searched between 0.5 and 1.5 periods.
      const mean = env.reduce((a, b) => a + b) / env.length;
      let best = 0;
      let bestLag = 0;
      for (let lag = Math.round(period * 500); lag <= Math.round(period * 1500); lag++) {
        let s = 0;
        for (let i = 0; i + lag < env.length; i++) s += (env[i] - mean) * (env[i + lag] - mean);
        if (s > best) {
          best = s;
          bestLag = lag;
        }
      }
      expect(Math.abs(bestLag / 1000 - period) / period).toBeLessThan(0.01);
      const sorted = [...env].sort((a, b) => a - b);
      const on = env.filter((v) => v > 0.2 * sorted[Math.floor(0.95 * sorted.length)]).length;
      expect(Math.abs(on / env.length - duty)).toBeLessThan(0.05);
    }
  });

  it('puts the pulse energy in the stated band and the whine at its frequency and level', async () => {
    const clean = tile(await speech(1), 8);
    const { out } = await run('machine', clean, {
      period: 0.5,
      duty: 0.5,
      low: 200,
      high: 800,
      whine: 1500,
      whineLevel: -6,
      level: -30,
    });
    const added = minus(out.samples, clean.samples);
    const white = Float32Array.from(
      { length: added.length },
      (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1,
    );
    const inBand = bandGainDb(white, added, 16000, 300, 700);
    const outBand = bandGainDb(white, added, 16000, 3000, 6000);
    expect(inBand - outBand).toBeGreaterThan(30);
    // Whine: −6 dB relative to the pulse train's RMS; total RMS −30 dBFS.
    const whine = toneRmsDb(added, 16000, 1500);
    const train = 10 * Math.log10(10 ** (-30 / 10) - 10 ** (whine / 10));
    expect(whine - train).toBeCloseTo(-6, 0);
  });

  it('meets the SNR (P.56 active) within 0.1 dB', async () => {
    const clean = await speech(0);
    const { out } = await run('machine', clean, { snr: 8 });
    const achieved = toDb(
      signalLevel(clean.samples, 16000, 'active') / rms(minus(out.samples, clean.samples)),
    );
    expect(Math.abs(achieved - 8)).toBeLessThan(0.1);
  });
});
