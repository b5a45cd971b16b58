import { describe, expect, it } from 'vitest';
import { activeSpeechLevel, rms, signalLevel, toDb } from '../../src/audio/levels.js';
import type { Audio } from '../../src/audio/types.js';
import { applyKind, difference } from '../helpers/apply.js';
import { slopeDbPerOctave } from '../helpers/spectrum.js';
import { speechClip } from '../helpers/speech.js';

function padWithSilence(audio: Audio, seconds: number): Audio {
  const pad = Math.round(seconds * audio.sampleRate);
  const samples = new Float32Array(audio.samples.length + 2 * pad);
  samples.set(audio.samples, pad);
  return { samples, sampleRate: audio.sampleRate };
}

describe('noise', () => {
  for (const color of ['white', 'pink', 'brown'] as const) {
    for (const reference of ['active', 'rms'] as const) {
      for (const snr of [30, 10, 0]) {
        it(`${color} noise at ${snr} dB SNR (${reference} signal level) is within 0.1 dB of the target on real speech`, async () => {
          const clean = await speechClip(3);
          const out = await applyKind('noise', clean, { color, snr, reference });
          const achieved = toDb(
            signalLevel(clean.samples, clean.sampleRate, reference) / rms(difference(clean, out)),
          );
          expect(Math.abs(achieved - snr)).toBeLessThan(0.1);
        });
      }
    }
  }

  it('adds noise at an absolute level in dBFS (±0.1 dB)', async () => {
    const clean = await speechClip(1);
    const out = await applyKind('noise', clean, { color: 'pink', level: -40 });
    expect(toDb(rms(difference(clean, out)))).toBeCloseTo(-40, 1);
  });

  it('has the stated spectral slopes: white 0, pink −3, brown −6 dB/octave (±1 dB) over 100 Hz–4 kHz', async () => {
    const silence = { samples: new Float32Array(16000 * 20), sampleRate: 16000 };
    for (const [color, slope] of [
      ['white', 0],
      ['pink', -3],
      ['brown', -6],
    ] as const) {
      const out = await applyKind('noise', silence, { color, level: -30 });
      expect(Math.abs(slopeDbPerOctave(out.samples, 16000, 100, 4000) - slope), color).toBeLessThan(
        1,
      );
    }
  });

  it('with the P.56 active level, silence padding does not change the noise added; with RMS it does', async () => {
    const clean = await speechClip(2);
    const padded = padWithSilence(clean, 1.5);
    const active = activeSpeechLevel(clean.samples, clean.sampleRate);
    const activePadded = activeSpeechLevel(padded.samples, padded.sampleRate);
    expect(Math.abs(toDb(activePadded.level / active.level))).toBeLessThan(0.3);
    expect(activePadded.activity).toBeLessThan(active.activity);
    // Whole-clip RMS falls with the padding, so RMS-referenced noise would be quieter.
    expect(toDb(rms(padded.samples) / rms(clean.samples))).toBeLessThan(-3);
    const noiseActive = rms(
      difference(padded, await applyKind('noise', padded, { snr: 10, reference: 'active' })),
    );
    const noiseActiveClean = rms(
      difference(clean, await applyKind('noise', clean, { snr: 10, reference: 'active' })),
    );
    expect(Math.abs(toDb(noiseActive / noiseActiveClean))).toBeLessThan(0.3);
  });

  it('reads a steady tone’s active level as its RMS (activity ≈ 1)', () => {
    const tone = Float32Array.from(
      { length: 32000 },
      (_, i) => 0.25 * Math.sin((2 * Math.PI * 440 * i) / 16000),
    );
    const { level, activity } = activeSpeechLevel(tone, 16000);
    expect(Math.abs(toDb(level / rms(tone)))).toBeLessThan(0.1);
    expect(activity).toBeGreaterThan(0.98); // the envelope needs ~30 ms to rise at the start
  });
});
