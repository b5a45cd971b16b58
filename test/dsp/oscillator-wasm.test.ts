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

  it('one tone at the band edges over 2 minutes, onto silence', () => {
    for (const f of [1, 3999, 7999]) {
      const tone = [{ amplitude: 0.7, w: (2 * Math.PI * f) / 16000, phase: 2.1 }];
      const a = new Float32Array(120 * 16000);
      const b = new Float32Array(120 * 16000);
      addSines(a, tone);
      addSinesBefore(b, tone);
      expect(same(a, b)).toBe(true);
    }
  });
});
