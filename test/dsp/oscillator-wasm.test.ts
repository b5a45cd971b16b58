import { describe, expect, it } from 'vitest';
import { addSines, type Tone } from '../../src/dsp/oscillator.js';
import { speechClip } from '../helpers/speech.js';
import { addSines as addSinesBefore } from './oscillator-before.js';

function same(a: Float32Array, b: Float32Array): boolean {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return ua.length === ub.length && ua.every((v, i) => v === ub[i]);
}

describe('addSines on float32 (WebAssembly SIMD) equals the TypeScript phasor loop bit for bit', () => {
  const hum: Tone[] = Array.from({ length: 10 }, (_, k) => ({
    amplitude: 0.02 * 10 ** ((-3 * k) / 20),
    w: (2 * Math.PI * 100 * (k + 1)) / 16000,
    phase: 0.37 * k,
  }));
  it('a ten-partial hum added onto corpus speech, lengths ending mid-group and mid-block', async () => {
    const speech = (await speechClip(3)).samples;
    for (const n of [1, 2, 3, 5, 1023, 1024, 1027, 3071, speech.length]) {
      const a = speech.slice(0, n);
      const b = speech.slice(0, n);
      addSines(a, hum);
      addSinesBefore(b, hum);
      expect(same(a, b)).toBe(true);
    }
  });

  it('one tone at the band edges, onto silence, while the phases stay below 2^20·π/2', () => {
    for (const f of [1, 3999, 7999]) {
      const w = (2 * Math.PI * f) / 16000;
      const tone = [{ amplitude: 0.7, w, phase: 2.1 }];
      const n = Math.min(120 * 16000, Math.floor((1647099 - 2.1) / w) - 4);
      const a = new Float32Array(n);
      const b = new Float32Array(n);
      addSines(a, tone);
      addSinesBefore(b, tone);
      expect(same(a, b)).toBe(true);
    }
  });
});

/**
 * Past 2^20·π/2 rad (about 94 s of a 2.6 kHz tone) the phasor resets take 2π off the phase
 * themselves before Math.cos/Math.sin (src/dsp/oscillator.ts `reduced`), which V8 would reduce
 * slowly; the result is the same sinusoid within float32 rounding. Against the definition computed
 * directly — amplitude · Math.sin(w·i + phase) per sample in double, rounded once to float32 —
 * over 10 minutes of the partials a hum reaches: every sample within 2^-23 of the amplitude
 * (float32's own rounding of the sample is up to 2^-25 of it).
 */
describe('addSines over long clips (phases up to 10^7 rad) against Math.sin per sample', () => {
  it('10 minutes of 60 Hz, 660 Hz, 2640 Hz and 7900 Hz tones', () => {
    const n = 600 * 16000;
    for (const f of [60, 660, 2640, 7900]) {
      const w = (2 * Math.PI * f) / 16000;
      const amplitude = 0.3;
      const phase = 1.3;
      const ours = new Float32Array(n);
      addSines(ours, [{ amplitude, w, phase }]);
      let worst = 0;
      for (let i = 0; i < n; i += 7)
        worst = Math.max(worst, Math.abs(ours[i] - amplitude * Math.sin(w * i + phase)));
      expect(worst).toBeLessThanOrEqual(2 ** -23 * amplitude);
    }
  });
});
