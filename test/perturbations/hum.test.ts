import { describe, expect, it } from 'vitest';
import { rms, signalLevel, toDb } from '../../src/audio/levels.js';
import { applyKind, difference } from '../helpers/apply.js';
import { toneRmsDb } from '../helpers/spectrum.js';
import { speechClip } from '../helpers/speech.js';

describe('hum', () => {
  for (const [fundamental, harmonics, rolloff, level] of [
    [60, 5, 6, -30],
    [50, 8, 3, -40],
    [120, 3, 10, -25],
  ]) {
    it(`${fundamental} Hz, ${harmonics} partials, ${rolloff} dB roll-off at ${level} dBFS: peaks at k·${fundamental} Hz at level − ${rolloff}·(k−1) dB (±1 dB) in the perturbed speech`, async () => {
      const clean = await speechClip(4);
      const out = await applyKind('hum', clean, { fundamental, harmonics, rolloff, level });
      const added = difference(clean, out);
      for (let k = 1; k <= harmonics; k++) {
        const expected = level - rolloff * (k - 1);
        // What was added, read exactly…
        expect(Math.abs(toneRmsDb(added, 16000, fundamental * k) - expected)).toBeLessThan(1);
      }
      // …and nothing at frequencies between the partials.
      expect(toneRmsDb(added, 16000, fundamental * 1.5)).toBeLessThan(level - 30);
      // In the mix, the fundamental stands at its level over the speech beneath it.
      expect(Math.abs(toneRmsDb(out.samples, 16000, fundamental) - level)).toBeLessThan(1);
    });
  }

  it('sets the total hum at a target SNR (±0.1 dB)', async () => {
    const clean = await speechClip(5);
    const out = await applyKind('hum', clean, { fundamental: 60, harmonics: 5, snr: 15 });
    const achieved = toDb(
      signalLevel(clean.samples, 16000, 'active') / rms(difference(clean, out)),
    );
    expect(Math.abs(achieved - 15)).toBeLessThan(0.1);
  });

  it('drops partials at or above Nyquist', async () => {
    const silence = { samples: new Float32Array(16000), sampleRate: 16000 };
    const out = await applyKind('hum', silence, {
      fundamental: 3000,
      harmonics: 4,
      rolloff: 0,
      level: -20,
    });
    // 3 and 6 kHz stay; 9 and 12 kHz would alias, so they are left out.
    expect(toDb(rms(out.samples))).toBeCloseTo(-20 + 10 * Math.log10(2), 1);
  });
});
