import { describe, expect, it } from 'vitest';
import { rms } from '../../src/audio/levels.js';
import { resample } from '../../src/dsp/resample.js';

function tone(frequency: number, rate: number, seconds = 1): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.sin((2 * Math.PI * frequency * i) / rate),
  );
}

/** RMS over the middle of the clip, away from the kernel's reach past the edges. */
function middleRms(x: Float32Array): number {
  return rms(x.subarray(Math.floor(x.length * 0.1), Math.floor(x.length * 0.9)));
}

describe('resample (Kaiser-windowed sinc)', () => {
  for (const [from, to] of [
    [44100, 16000],
    [48000, 16000],
    [22050, 16000],
    [8000, 16000],
    [16000, 8000],
  ]) {
    it(`${from} → ${to} Hz keeps a 1 kHz tone's level within 0.01 dB and its length exact`, () => {
      const out = resample(tone(1000, from), from, to);
      expect(out.length).toBe(to);
      expect(Math.abs(20 * Math.log10(middleRms(out) / Math.SQRT1_2))).toBeLessThan(0.01);
    });
  }

  it('passes 7 kHz when going to 16 kHz (within 0.1 dB: the pass band reaches 95 % of Nyquist)', () => {
    const out = resample(tone(7000, 44100), 44100, 16000);
    expect(Math.abs(20 * Math.log10(middleRms(out) / Math.SQRT1_2))).toBeLessThan(0.1);
  });

  for (const f of [9000, 12000, 18000]) {
    it(`rejects a ${f} Hz tone (above the new Nyquist) by at least 80 dB instead of aliasing it`, () => {
      const out = resample(tone(f, 44100), 44100, 16000);
      expect(20 * Math.log10(middleRms(out) / Math.SQRT1_2)).toBeLessThan(-80);
    });
  }

  // The codecs' paths (16 → 8 kHz and back) and `speed` 1.1 (1100 → 1000): the same figures.
  for (const [from, to, pass, stop] of [
    [16000, 8000, 3400, 4500],
    [1100, 1000, 425, 560],
  ]) {
    it(`${from} → ${to}: ${pass} Hz within 0.1 dB, ${stop} Hz down ≥ 80 dB`, () => {
      const kept = resample(tone(pass, from, 4), from, to);
      expect(Math.abs(20 * Math.log10(middleRms(kept) / Math.SQRT1_2))).toBeLessThan(0.1);
      const gone = resample(tone(stop, from, 4), from, to);
      expect(20 * Math.log10(middleRms(gone) / Math.SQRT1_2)).toBeLessThan(-80);
    });
  }

  it('8000 → 16000: no image of a 3 kHz tone above 4 kHz (≥ 80 dB down)', () => {
    const up = resample(tone(3000, 8000, 2), 8000, 16000);
    // The image would sit at 8000 − 3000 = 5000 Hz: correlate with it directly.
    let c = 0;
    let s = 0;
    for (let i = 1600; i < up.length - 1600; i++) {
      c += up[i] * Math.cos((2 * Math.PI * 5000 * i) / 16000);
      s += up[i] * Math.sin((2 * Math.PI * 5000 * i) / 16000);
    }
    const amplitude = (2 * Math.hypot(c, s)) / (up.length - 3200);
    expect(20 * Math.log10(amplitude)).toBeLessThan(-80);
  });

  it('returns a copy at the same rate', () => {
    const x = tone(100, 16000, 0.1);
    const y = resample(x, 16000, 16000);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
  });
});
