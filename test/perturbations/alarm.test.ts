import { describe, expect, it } from 'vitest';
import { fromDb, rms, signalLevel, toDb } from '../../src/audio/levels.js';
import { toneRmsDb } from '../helpers/spectrum.js';
import { minus, run, speech, tile } from './_speech.js';

/** Onset times (s) and durations of pulses in an added alarm signal, from its 5 ms envelope. */
function pulses(x: Float32Array, rate: number): { start: number; length: number }[] {
  const hop = Math.round(0.001 * rate);
  const win = Math.round(0.005 * rate);
  const env: number[] = [];
  for (let s = 0; s + win <= x.length; s += hop) env.push(rms(x.subarray(s, s + win)));
  const threshold = 0.5 * Math.max(...env);
  const found: { start: number; length: number }[] = [];
  let on = -1;
  env.forEach((v, i) => {
    if (v >= threshold && on < 0) on = i;
    if (v < threshold && on >= 0) {
      found.push({ start: (on * hop + win / 2) / rate, length: ((i - on) * hop) / rate });
      on = -1;
    }
  });
  return found;
}

describe('alarm (IEC 60601-1-8 style)', () => {
  it('plays the priority patterns: high 10 pulses per burst, medium 3, low 2, repeating every period', async () => {
    const clean = tile(await speech(0), 20);
    for (const [priority, count] of [
      ['high', 10],
      ['medium', 3],
      ['low', 2],
    ] as const) {
      const period = priority === 'high' ? 4 : 3;
      const { out } = await run(
        'alarm',
        clean,
        { priority, level: -20, period },
        { seed: priority },
      );
      const found = pulses(minus(out.samples, clean.samples), clean.sampleRate);
      // Group pulses into bursts: pulses less than 0.8 s apart belong together.
      const bursts: (typeof found)[] = [];
      for (const p of found) {
        const last = bursts[bursts.length - 1];
        if (last && p.start - last[last.length - 1].start < 0.8) last.push(p);
        else bursts.push([p]);
      }
      const full = bursts.slice(1, -1); // first and last may be cut by the clip edges
      expect(full.length).toBeGreaterThanOrEqual(2);
      for (const b of full) expect(b).toHaveLength(count);
      for (let i = 1; i < full.length; i++)
        expect(full[i][0].start - full[i - 1][0].start).toBeCloseTo(period, 2);
      const d = priority === 'high' ? 0.15 : 0.2;
      for (const b of full) for (const p of b) expect(Math.abs(p.length - d)).toBeLessThan(0.025);
    }
  });

  it('has the fundamental and ≥ 4 harmonics in 300–4000 Hz within 15 dB of the fundamental', async () => {
    const clean = tile(await speech(0), 6);
    const { out } = await run('alarm', clean, {
      pitch: 440,
      harmonics: 4,
      rolloff: 3,
      level: -20,
      period: 1,
    });
    const added = minus(out.samples, clean.samples);
    const f0 = toneRmsDb(added, 16000, 440);
    const partials = [880, 1320, 1760, 2200].map((f) => toneRmsDb(added, 16000, f));
    for (const [k, db] of partials.entries()) expect(db - f0).toBeCloseTo(-3 * (k + 1), 0);
    expect(partials.filter((db) => db > f0 - 15).length).toBeGreaterThanOrEqual(4);
    expect(toneRmsDb(added, 16000, 660)).toBeLessThan(f0 - 40); // nothing between partials
  });

  it('sets level (dBFS) and SNR as the RMS while sounding, within 0.1 dB', async () => {
    const clean = await speech(0);
    const check = (added: Float32Array) => {
      const on = added.filter((v, i) => Math.abs(v) > 0 || (i > 0 && Math.abs(added[i - 1]) > 0));
      return rms(Float32Array.from(on));
    };
    const byLevel = await run('alarm', clean, { level: -25 });
    expect(toDb(check(minus(byLevel.out.samples, clean.samples)))).toBeCloseTo(-25, 1);
    const bySnr = await run('alarm', clean, { snr: 6 });
    const speechLevel = signalLevel(clean.samples, 16000, 'active');
    expect(
      Math.abs(toDb(speechLevel / check(minus(bySnr.out.samples, clean.samples))) - 6),
    ).toBeLessThan(0.1);
    expect(fromDb(-25)).toBeGreaterThan(0);
  });
});
