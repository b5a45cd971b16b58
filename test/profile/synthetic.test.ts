import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeWav16 } from '../../src/audio/write.js';
import { analyseRecording, type Profile } from '../../src/profile/analyse.js';
import { profileRecording } from '../../src/profile/profile-recording.js';
import { loadScenario } from '../../src/scenario/load.js';
import { tempDir } from '../helpers/corpus.js';
import { toneRmsDb } from '../helpers/spectrum.js';
import { ALARM, HUM, knocksInRoom, RATE, wardLike } from './synth.js';

const powerSumDb = (levels: number[]) =>
  10 * Math.log10(levels.reduce((a, l) => a + 10 ** (l / 10), 0));

describe('profile of a synthesised room with known components', () => {
  let profile: Profile;
  beforeAll(() => {
    profile = analyseRecording({ samples: wardLike(), sampleRate: RATE });
  });

  it('finds the 57 Hz series: each partial within ±1 Hz and ±2 dB', () => {
    const series = profile.tones.find((s) => Math.abs(s.fundamental - 57) <= 1);
    expect(series, JSON.stringify(profile.tones)).toBeDefined();
    expect(series!.kind).toBe('tonal'); // 57 Hz is no mains frequency
    for (const h of HUM) {
      const p = series!.partials.find((q) => Math.abs(q.frequency - h.f) <= 1);
      expect(p, `${h.f} Hz`).toBeDefined();
      expect(Math.abs(p!.level - h.level)).toBeLessThanOrEqual(2);
    }
  });

  it('reads the pink floor within ±2 dB of its level in the measured bands', () => {
    // Pink noise spreads its power evenly per octave from 20 Hz to 8 kHz; the bands measured
    // run from 22.4 Hz to 7079 Hz (25 Hz to 6.3 kHz third-octaves).
    const expected = -40 + 10 * Math.log10(Math.log(7079 / 22.4) / Math.log(8000 / 20));
    expect(Math.abs(profile.floorLevel - expected)).toBeLessThanOrEqual(2);
    // Shape: pink falls 3 dB per octave, i.e. the third-octave levels are flat.
    const mid = profile.floor
      .filter((b) => b.centre >= 100 && b.centre <= 4000)
      .map((b) => b.level);
    expect(Math.max(...mid) - Math.min(...mid)).toBeLessThan(2.5);
  });

  it('finds the alarm: period within ±5 %, three pulses, pitch and level', () => {
    const b = profile.bursts!;
    expect(b).toBeDefined();
    expect(Math.abs(b.period! - 2.5) / 2.5).toBeLessThanOrEqual(0.05);
    expect(b.pulsesPerBurst).toBe(3);
    expect(Math.abs(b.pulse - 0.2)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(b.spacing - 0.1)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(b.duty - (3 * 0.2) / 2.5)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(b.sound!.tonal!.fundamental - 600)).toBeLessThanOrEqual(1);
    expect(Math.abs(b.sound!.level - powerSumDb(ALARM.map((a) => a.level)))).toBeLessThanOrEqual(2);
    expect(profile.speech.likely).toBe(false);
    expect(profile.warnings).toEqual([]);
  });
});

describe('the scenario written for it', () => {
  it('validates with the scenario loader and, rendered, puts the hum where it was', async () => {
    const dir = await tempDir('profile-synth');
    const wav = join(dir, 'ward-like.wav');
    await writeWav16(wav, { samples: wardLike(), sampleRate: RATE });
    const result = await profileRecording({
      recording: wav,
      out: join(dir, 'out', 'ward.yaml'),
      snrs: [10, 0],
    });
    const scenario = await loadScenario(result.scenarioFile!);
    expect(scenario.conditions.map((c) => c.name)).toEqual([
      'ward-model@speech=-17.5',
      'ward-model@speech=-27.5',
      'ward-recording@speech=-17.5',
      'ward-recording@speech=-27.5',
    ]);
    const kinds = scenario.conditions[0].chain.map((s) => s.perturbation.name);
    expect(kinds).toEqual(['level', 'noise', 'hum', 'hum', 'hum', 'hum', 'alarm']);
    // The render (the model on silence) measured with the tests' own single-bin DFT meter.
    const render = result.fidelity!.audio;
    // Over 4 s the DFT's main lobe spans ±0.5 Hz, so the hundredths of a hertz between the
    // profile's frequency (what the scenario plays) and the construction's cost nothing.
    const head = render.samples.subarray(0, 4 * render.sampleRate);
    for (const h of HUM)
      expect(Math.abs(toneRmsDb(head, render.sampleRate, h.f) - h.level)).toBeLessThan(1);
    expect(result.fidelity!.meanAbsDb).toBeLessThan(1.5);
  });
});

describe('reverberation from the decays of knocks', () => {
  for (const rt60 of [0.4, 0.8])
    it(`reads a room of RT60 ${rt60} s within ±15 % (an estimate, from six knocks)`, () => {
      const p = analyseRecording({ samples: knocksInRoom(rt60), sampleRate: RATE });
      expect(p.impulses.events).toHaveLength(6);
      expect(p.bursts).toBeUndefined();
      expect(p.rt60, JSON.stringify(p.impulses)).toBeDefined();
      expect(Math.abs(p.rt60!.seconds - rt60) / rt60).toBeLessThanOrEqual(0.15);
      expect(p.rt60!.decays).toBe(6);
    });
});
