import { describe, expect, it } from 'vitest';
import { activeSpeechLevel, fromDb, peak, rms, toDb } from '../../src/audio/levels.js';
import { bestLag } from '../../src/dsp/xcorr.js';
import { run, speech } from './_speech.js';

describe('level', () => {
  it('normalize: the chosen level reads the target within 0.05 dB (active, rms, peak)', async () => {
    const clean = await speech(0);
    for (const [reference, measure] of [
      ['active', (x: Float32Array) => activeSpeechLevel(x, 16000).level],
      ['rms', rms],
      ['peak', peak],
    ] as const) {
      const { out } = await run('level', clean, { mode: 'normalize', target: -23, reference });
      expect(Math.abs(toDb(measure(out.samples)) + 23)).toBeLessThan(0.05);
    }
  });

  it('agc: static curve above threshold has slope 1/ratio (±0.3 dB), unity gain below it', async () => {
    const rate = 16000;
    const tone = (db: number) => ({
      samples: Float32Array.from(
        { length: rate * 2 },
        (_, i) => fromDb(db) * Math.SQRT2 * Math.sin((2 * Math.PI * 440 * i) / rate),
      ),
      sampleRate: rate,
    });
    const settings = {
      mode: 'agc',
      threshold: -30,
      ratio: 4,
      knee: 0,
      attack: 0.003,
      release: 0.1,
    };
    const steady = async (db: number) => {
      const { out } = await run('level', tone(db), settings);
      return toDb(rms(out.samples.subarray(rate, 2 * rate))); // after the attack settles
    };
    const [a, b, quiet] = await Promise.all([steady(-20), steady(-10), steady(-50)]);
    expect(b - a).toBeCloseTo(10 / 4, 0);
    expect(Math.abs(b - a - 2.5)).toBeLessThan(0.3);
    expect(Math.abs(quiet + 50)).toBeLessThan(0.3);
  });

  it('agc on speech: time-aligned (lag 0), loud passages reduced relative to quiet ones', async () => {
    const clean = await speech(0);
    const n = clean.samples.length;
    // First half at −40 dB, second half as recorded: a talker moving towards the microphone.
    const x = clean.samples.map((v, i) => (i < n / 2 ? v * fromDb(-30) : v));
    const { out } = await run(
      'level',
      { samples: x, sampleRate: 16000 },
      { mode: 'agc', threshold: -35, ratio: 8 },
    );
    expect(bestLag(x, out.samples, -400, 400).lag).toBe(0);
    const spread = (y: Float32Array) => toDb(rms(y.subarray(n / 2)) / rms(y.subarray(0, n / 2)));
    expect(spread(out.samples)).toBeLessThan(spread(x) - 10);
  });
});
