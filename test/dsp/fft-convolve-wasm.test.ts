import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAudio } from '../../src/audio/read.js';
import { fftConvolve, planFor } from '../../src/dsp/fft-convolve.js';
import { designTableFir, parseResponseTable } from '../../src/dsp/response-table.js';
import { syntheticRoomIr } from '../../src/dsp/room.js';
import { createRng } from '../../src/rng.js';
import { speechClip } from '../helpers/speech.js';
import { fftConvolveFftJs } from './fft-convolve-fftjs.js';

/**
 * The kernel's transforms run in float32 (four transforms per f32x4 vector, or one transform
 * across the four lanes for a short clip, or a real transform as a complex one of half the
 * size for a short clip's few blocks), the reference in double: the output may differ by
 * the transforms' float32 rounding. Tolerance: at most 1e-6 of the peak of x * h over the whole
 * input (−120 dB; a transform's rounding is relative to everything in it, so a quiet stretch
 * next to a loud one gets the loud one's floor), and, over whole clips, the difference's energy
 * at least 125 dB below the output's.
 */
function difference(ours: Float32Array, ref: Float32Array) {
  let worst = 0;
  let error = 0;
  let energy = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = ours[i] - ref[i];
    worst = Math.max(worst, Math.abs(d));
    error += d * d;
    energy += ref[i] * ref[i];
  }
  return { worst, belowDb: error === 0 ? Infinity : 10 * Math.log10(energy / error) };
}

function peakOf(x: Float32Array): number {
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  return m;
}

describe('fftConvolve in float32 lanes against the fft.js implementation (double precision) it replaced', () => {
  const filters: [string, () => Promise<Float32Array>][] = [
    ['a 0.3 s synthetic room', async () => syntheticRoomIr(0.3, 3, 16000, createRng('r1'))],
    [
      'a 2.5 s synthetic room (53 k taps)',
      async () => syntheticRoomIr(2.5, 0, 16000, createRng('r2')),
    ],
    [
      'the recorded ward-room IR',
      async () => (await readAudio('fixtures/ir/ward-room.wav', 16000)).samples,
    ],
    [
      'the laptop-mic response (1023-tap FIR)',
      async () =>
        Float32Array.from(
          designTableFir(
            parseResponseTable(
              readFileSync('fixtures/responses/laptop-mic.csv', 'utf8'),
              'laptop-mic',
            ),
            16000,
          ),
        ),
    ],
    ['a 1-tap filter', async () => Float32Array.of(0.7)],
    [
      'a 7-tap filter',
      async () => Float32Array.from({ length: 7 }, (_, i) => (i % 2 ? -1 : 1) / (i + 1)),
    ],
  ];
  for (const [name, make] of filters) {
    it(`on corpus speech, with ${name}`, async () => {
      const h = await make();
      for (const index of [0, 3]) {
        const x = (await speechClip(index)).samples;
        const scale = peakOf(fftConvolveFftJs(x, h, x.length));
        for (const outLength of [x.length, x.length + 4321, 5000]) {
          const fast = fftConvolve(x, h, outLength);
          const ref = fftConvolveFftJs(x, h, outLength);
          expect(fast.length).toBe(outLength);
          const { worst, belowDb } = difference(fast, ref);
          expect(worst).toBeLessThanOrEqual(1e-6 * scale);
          if (outLength >= x.length) expect(belowDb).toBeGreaterThan(125);
        }
      }
    });
  }

  it('the cases here take every kernel path (four transforms a pass; one across the lanes; real transforms)', async () => {
    const x = (await speechClip(0)).samples;
    const paths = new Set<string>();
    for (const taps of [1, 7, 1023, 4800, 40000, 53414])
      for (const outLength of [x.length, x.length + 4321, 5000, 600 * 16000])
        paths.add(planFor(Math.min(taps, outLength), outLength).path);
    expect([...paths].sort()).toEqual(['lanes', 'real', 'split']);
  });

  it('with outputs skipped (as eq skips its delay), on every path, one block and several', async () => {
    const x = (await speechClip(2)).samples;
    const cases: [number, number, string][] = [
      [1023, 20000, 'real'], // several blocks of the real path
      [1023, x.length, 'split'],
      [17147, x.length, 'real'], // a lone block
      [7, x.length, 'lanes'],
    ];
    for (const [taps, outLength, path] of cases) {
      const h = syntheticRoomIr(
        taps / 16000 / (80 / 60),
        3,
        16000,
        createRng('skip', taps),
      ).subarray(0, taps);
      expect(planFor(h.length, outLength + 511).path).toBe(path);
      const ref = fftConvolveFftJs(x, h, outLength + 511).subarray(511);
      const fast = fftConvolve(x, h, outLength + 511, 511);
      expect(fast.length).toBe(outLength);
      const { worst, belowDb } = difference(fast, ref);
      expect(worst).toBeLessThanOrEqual(1e-6 * peakOf(ref));
      expect(belowDb).toBeGreaterThan(125);
    }
  });

  it('on a 10-minute signal (many blocks) with a Float64Array filter', async () => {
    const clip = (await speechClip(1)).samples;
    const x = new Float32Array(600 * 16000);
    for (let at = 0; at < x.length; at += clip.length) x.set(clip.subarray(0, x.length - at), at);
    const h = Float64Array.from(syntheticRoomIr(1.2, 3, 16000, createRng('long')));
    const ref = fftConvolveFftJs(x, h);
    const { worst, belowDb } = difference(fftConvolve(x, h), ref);
    expect(worst).toBeLessThanOrEqual(1e-6 * peakOf(ref));
    expect(belowDb).toBeGreaterThan(125);
  });
});
