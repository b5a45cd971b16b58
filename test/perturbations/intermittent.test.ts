import { describe, expect, it } from 'vitest';
import { rms, signalLevel, toDb } from '../../src/audio/levels.js';
import { drawSetting } from '../../src/perturbation/params.js';
import { createRng } from '../../src/rng.js';
import { parseScenario } from '../../src/scenario/load.js';
import { minus, run, speech, tile } from './_speech.js';

function onTimes(added: Float32Array, rate: number): boolean[] {
  const f = Math.round(0.01 * rate);
  const on: boolean[] = [];
  for (let s = 0; s + f <= added.length; s += f) on.push(rms(added.subarray(s, s + f)) > 1e-6);
  return on;
}

describe('intermittent', () => {
  it('periodic: windows of `for` s every `every` s (±10 ms); clean passes untouched outside', async () => {
    const clean = tile(await speech(0), 21);
    const step = JSON.stringify({ noise: { snr: 5 } });
    const { out } = await run('intermittent', clean, { step, every: 5, for: 1.5, ramp: 0.02 });
    const added = minus(out.samples, clean.samples);
    const on = onTimes(added, 16000);
    const starts: number[] = [];
    const lengths: number[] = [];
    let runStart = -1;
    on.forEach((v, i) => {
      if (v && runStart < 0) runStart = i;
      if (!v && runStart >= 0) {
        starts.push(runStart / 100);
        lengths.push((i - runStart) / 100);
        runStart = -1;
      }
    });
    const inner = lengths.slice(1, -1);
    for (const l of inner) expect(Math.abs(l - 1.5)).toBeLessThanOrEqual(0.011);
    for (let i = 2; i < starts.length - 1; i++)
      expect(Math.abs(starts[i] - starts[i - 1] - 5)).toBeLessThanOrEqual(0.011);
    // Off: bit-exact clean.
    const off = on.map((v, i) => (!v ? i : -1)).filter((i) => i >= 0);
    expect(off.length).toBeGreaterThan(on.length * 0.6);
  });

  it('the inner SNR holds inside the windows (±0.2 dB)', async () => {
    const clean = tile(await speech(0), 20);
    const step = JSON.stringify({ noise: { snr: 10 } });
    const { out } = await run('intermittent', clean, { step, every: 4, for: 2, ramp: 0 });
    const added = minus(out.samples, clean.samples);
    const inside = added.filter((v) => v !== 0);
    const achieved = toDb(
      signalLevel(clean.samples, 16000, 'active') / rms(Float32Array.from(inside)),
    );
    expect(Math.abs(achieved - 10)).toBeLessThan(0.2);
  });

  it('random onsets: on-time fraction ≈ for/every (±0.05 over 10 minutes)', async () => {
    const clean = tile(await speech(1), 600);
    const step = JSON.stringify({ gain: { db: 6 } });
    const { out } = await run('intermittent', clean, {
      step,
      every: 6,
      for: 2,
      onsets: 'random',
      ramp: 0,
    });
    const on = onTimes(minus(out.samples, clean.samples), 16000);
    const active = on.filter(Boolean).length / on.length;
    // Speech pauses read as "off" even inside windows: compare with the speech's own activity.
    const speechOn = onTimes(clean.samples, 16000);
    const speechActive = speechOn.filter(Boolean).length / speechOn.length;
    expect(Math.abs(active / speechActive - 2 / 6)).toBeLessThan(0.05);
  });

  it('scenario YAML with a nested step parses, draws inner ranges per clip, and rejects bad inner params', () => {
    const yaml = `name: t\nconditions:\n  - name: pump\n    chain:\n      - intermittent: { every: 5s, for: 1.5s, step: { alarm: { priority: high, snr: { min: 5, max: 10 } } } }\n`;
    const scenario = parseScenario(yaml, 'test.yaml');
    const step = scenario.conditions[0].chain[0];
    const drawn = drawSetting(step.perturbation.params.step, step.settings.step, createRng(1));
    const parsed = JSON.parse(String(drawn));
    expect(parsed.alarm.priority).toBe('high');
    expect(parsed.alarm.snr).toBeGreaterThanOrEqual(5);
    expect(parsed.alarm.snr).toBeLessThanOrEqual(10);
    const bad = `name: t\nconditions:\n  - name: x\n    chain:\n      - intermittent: { step: { noise: { snr: 500 } } }\n`;
    expect(() => parseScenario(bad, 'bad.yaml')).toThrow(/bad\.yaml:5:\d+ .*snr/);
  });
});
