import { describe, expect, it } from 'vitest';
import { activeSpeechLevel, mixAtSnr, peak, peakOfRange } from '../../src/audio/levels.js';
import { coloredNoise } from '../../src/dsp/colored-noise.js';
import { createRng } from '../../src/rng.js';
import { speechClip } from '../helpers/speech.js';
import { activeSpeechLevelBefore, mixIntoBefore } from './levels-before.js';

/** Speech with silence and a quiet noise floor between utterances, `seconds` long. */
async function padded(seconds: number): Promise<Float32Array> {
  const n = seconds * 16000;
  const out = coloredNoise(n, 'pink', createRng('floor'));
  for (let i = 0; i < n; i++) out[i] *= 1e-4;
  for (let at = 8000, k = 0; at < n; k++) {
    const clip = (await speechClip(k % 24)).samples;
    const m = Math.min(clip.length, n - at);
    for (let i = 0; i < m; i++) out[at + i] += clip[i];
    at += m + 16000 * (k % 3);
  }
  return out;
}

describe('activeSpeechLevel (WebAssembly kernel) equals the TypeScript counter it replaced', () => {
  it('on corpus clips, padded speech over several chunks, noise, a tone, silence and tiny clips', async () => {
    const cases: [string, Float32Array, number][] = [];
    for (const k of [0, 7, 19]) cases.push([`clip ${k}`, (await speechClip(k)).samples, 16000]);
    cases.push(['8 kHz clip', (await speechClip(2, 8000)).samples, 8000]);
    cases.push(['4 minutes of padded speech', await padded(240), 16000]);
    cases.push(['white noise', coloredNoise(50_000, 'white', createRng(1)), 16000]);
    cases.push([
      'tone',
      Float32Array.from({ length: 30_000 }, (_, i) => 0.3 * Math.sin(i / 5)),
      16000,
    ]);
    cases.push(['silence', new Float32Array(20_000), 16000]);
    const withNaN = (await speechClip(5)).samples.slice();
    withNaN[20_000] = Number.NaN;
    cases.push(['speech with a NaN sample', withNaN, 16000]);
    const loudThenQuiet = (await speechClip(6)).samples.map((v, i) => (i < 16000 ? v * 8 : v / 64));
    cases.push([
      'loud then quiet speech (the count walks across many thresholds)',
      loudThenQuiet,
      16000,
    ]);
    cases.push(['one sample', Float32Array.of(0.5), 16000]);
    cases.push(['empty', new Float32Array(0), 16000]);
    for (const [name, x, rate] of cases) {
      const now = activeSpeechLevel(x, rate);
      const before = activeSpeechLevelBefore(x, rate);
      expect({ name, ...now }).toEqual({ name, ...before });
      expect(Object.is(now.level, before.level) && Object.is(now.activity, before.activity)).toBe(
        true,
      );
    }
  });
});

describe('mixAtSnr (WebAssembly kernel) equals the TypeScript loop it replaced', () => {
  it('on speech and noise, whole and in ranges, in place or not, across chunk edges, with a NaN and a sample past full scale', async () => {
    const speech = (await speechClip(4)).samples;
    for (const n of [0, 1, 3, 5, 16383, 16385, 40_001, speech.length]) {
      const signal = speech.slice(0, n);
      const noise = coloredNoise(n, 'pink', createRng('mix', n));
      if (n > 20) {
        signal[7] = Number.NaN;
        noise[11] = 40;
      }
      const gain = 0.31 / 10 ** (12 / 20) / 0.05;
      for (const only of [
        undefined,
        [
          [2, Math.floor(n / 3)],
          [Math.floor(n / 2), n],
        ] as const,
      ])
        for (const inPlace of [false, true]) {
          const now = mixAtSnr(signal, inPlace ? noise.slice() : noise, 12, 0.31, {
            inPlace,
            noiseRms: 0.05,
            only: only?.map(([a, b]) => [a, b] as const),
          });
          const mixed = new Float32Array(n);
          let peak = 0;
          for (const [a, b] of only ?? [[0, n]])
            peak = mixIntoBefore(mixed, signal, noise, gain, a, b, peak);
          expect(now.noiseGain).toBe(gain);
          if (!only) expect(now.peak).toBe(peak);
          for (const [a, b] of only ?? [[0, n]])
            expect(same(now.mixed.subarray(a, b), mixed.subarray(a, b))).toBe(true);
        }
    }
  });
});

function same(a: Float32Array, b: Float32Array): boolean {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return ua.length === ub.length && ua.every((v, i) => v === ub[i]);
}

describe('peakOfRange (WebAssembly kernel) equals the loop it replaced', () => {
  /** The loop peak() and intermittent's copy ran: a NaN is passed over. */
  function loopPeak(x: Float32Array, from: number, to: number, start: number): number {
    let max = start;
    for (let i = from; i < to; i++) {
      const a = Math.abs(x[i]);
      if (a > max) max = a;
    }
    return max;
  }

  it('on noise with NaNs, infinities and a loud sample, whole and in ranges across chunk edges', () => {
    const x = coloredNoise(70_000, 'white', createRng('peak'));
    for (let i = 0; i < x.length; i++) x[i] *= 0.1;
    for (const at of [3, 17, 20_000, 16_399]) x[at] = Number.NaN;
    x[40_000] = -0.9;
    x[65_535] = Number.NEGATIVE_INFINITY;
    const ranges: [number, number][] = [
      [0, x.length],
      [0, 65_535],
      [1, 63],
      [5, 70],
      [16_000, 16_400],
      [39_999, 40_001],
      [40_001, 65_535],
      [123, 123],
    ];
    for (const [from, to] of ranges)
      for (const start of [0, 0.05, 0.95]) {
        expect(peakOfRange(x, from, to, start)).toBe(loopPeak(x, from, to, start));
      }
    expect(peak(x)).toBe(Number.POSITIVE_INFINITY);
    // A NaN in every lane and accumulator position, nothing else above the start.
    const nans = new Float32Array(256).fill(0.25);
    for (let i = 0; i < 256; i += 5) nans[i] = Number.NaN;
    nans[77] = 0.5;
    expect(peakOfRange(nans)).toBe(0.5);
    expect(peakOfRange(nans, 78, 256)).toBe(0.25);
  });
});
