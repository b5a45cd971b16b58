import { describe, expect, it } from 'vitest';
import { rms } from '../../src/audio/levels.js';
import { toInt16 } from '../../src/codecs/pcm.js';
import { resample, resampleFromInt16, resampleToInt16 } from '../../src/dsp/resample.js';

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

/** Speech-like test signal: a few tones and a deterministic noise, as floats near ±0.5. */
function busy(rate: number, seconds: number): Float32Array {
  let seed = 12345;
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const t = i / rate;
    return (
      0.2 * Math.sin(2 * Math.PI * 220 * t) +
      0.1 * Math.sin(2 * Math.PI * 1830 * t) +
      0.1 * Math.sin(2 * Math.PI * 3900 * t) +
      0.1 * (seed / 2 ** 32 - 0.5)
    );
  });
}

/**
 * The resampler's definition evaluated directly in double precision, independently of the
 * phase table and the kernel: output i sits at input position t = i·from/to, and is
 * Σ x[n]·c·sinc(c·(t − n))·kaiser(t − n) with cutoff c = 0.95·min(1, to/from) (of the input
 * Nyquist), a Kaiser window (β = 9) of half-length ⌈32 / c⌉ input samples.
 */
function direct(x: Float32Array, from: number, to: number, i: number): number {
  const c = 0.95 * Math.min(1, to / from);
  const half = Math.ceil(32 / c);
  const i0 = (v: number) => {
    let sum = 1;
    let term = 1;
    for (let k = 1; k < 60; k++) {
      term *= (v / (2 * k)) ** 2;
      sum += term;
    }
    return sum;
  };
  const t = (i * from) / to;
  let y = 0;
  for (let n = Math.ceil(t - half); n <= Math.floor(t + half); n++) {
    const d = t - n;
    if (n < 0 || n >= x.length || Math.abs(d) >= half) continue;
    const sinc = d === 0 ? 1 : Math.sin(Math.PI * c * d) / (Math.PI * c * d);
    y += x[n] * c * sinc * (i0(9 * Math.sqrt(1 - (d / half) ** 2)) / i0(9));
  }
  return y;
}

describe('resample kernels', () => {
  for (const [from, to] of [
    [16000, 8000],
    [8000, 16000],
    [1100, 1000],
    [44100, 16000],
    [16000, 48000],
  ]) {
    it(`${from} → ${to}: the eight-output kernel agrees with the one-output loop within 1e-6, and both with the filter's definition within 1e-5`, () => {
      const x = busy(from, 1.3); // not a whole number of 8·L blocks: the tail path runs too
      const eight = resample(x, from, to);
      const one = resample(x, from, to, 'lm_resample_one');
      expect(eight.length).toBe(one.length);
      let maxDiff = 0;
      for (let i = 0; i < eight.length; i++)
        maxDiff = Math.max(maxDiff, Math.abs(eight[i] - one[i]));
      expect(maxDiff).toBeLessThan(1e-6);
      for (const i of [
        0,
        1,
        7,
        333,
        Math.floor(eight.length / 2),
        eight.length - 2,
        eight.length - 1,
      ]) {
        const want = direct(x, from, to, i);
        expect(Math.abs(eight[i] - want)).toBeLessThan(1e-5);
        expect(Math.abs(one[i] - want)).toBeLessThan(1e-5);
      }
    });
  }

  it('a clip longer than one kernel call (65,536 outputs) is continuous across the calls', () => {
    const x = busy(16000, 10);
    const whole = resample(x, 16000, 8000);
    const one = resample(x, 16000, 8000, 'lm_resample_one');
    let maxDiff = 0;
    for (let i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs(whole[i] - one[i]));
    expect(maxDiff).toBeLessThan(1e-6);
    for (const i of [65534, 65535, 65536, 65537])
      expect(Math.abs(whole[i] - direct(x, 16000, 8000, i))).toBeLessThan(1e-5);
  });
});

/** JavaScript's own rounding and saturation: the reference for both 16-bit conversions. */
function referenceInt16(v: number): number {
  const r = Math.round(v * 32768);
  return Number.isNaN(r) ? 0 : Math.min(32767, Math.max(-32768, r)) + 0; // + 0: no -0
}

describe('16-bit PCM in and out of the resampler, and toInt16', () => {
  const edges = Float32Array.from(
    [0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999997, -0.49999997, 32766.5, -32767.5, -32768.5]
      .map((v) => v / 32768)
      .concat([1, -1, 2, -2, Number.NaN, 0.1, -0.1, 1e-9, -0]),
  );

  it('toInt16 rounds halves up, saturates and maps NaN to 0 like Math.round', () => {
    expect(Array.from(toInt16(edges))).toEqual(Array.from(edges, referenceInt16));
    const x = busy(8000, 1).map((v) => v * 3); // some saturate
    expect(Array.from(toInt16(x))).toEqual(Array.from(x, referenceInt16));
  });

  it('resampleToInt16 equals rounding each resampled sample, at any length (SIMD body and tail)', () => {
    for (const n of [edges.length, edges.length + 5]) {
      const x = new Float32Array(n);
      x.set(edges);
      expect(Array.from(resampleToInt16(x, 8000, 8000))).toEqual(Array.from(x, referenceInt16));
    }
    const x = busy(16000, 1).map((v) => v * 2.5);
    expect(Array.from(resampleToInt16(x, 16000, 8000))).toEqual(
      Array.from(resample(x, 16000, 8000), referenceInt16),
    );
  });

  it('resampleFromInt16 equals resampling the samples divided by 32768', () => {
    const pcm = Int16Array.from({ length: 8003 }, (_, i) => ((i * 7919) % 65536) - 32768);
    const floats = Float32Array.from(pcm, (v) => v / 32768);
    expect(resampleFromInt16(pcm, 8000, 16000)).toEqual(resample(floats, 8000, 16000));
    expect(resampleFromInt16(pcm, 8000, 8000)).toEqual(floats);
  });
});
