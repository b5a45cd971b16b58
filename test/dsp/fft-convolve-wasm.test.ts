import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAudio } from '../../src/audio/read.js';
import { fftConvolve } from '../../src/dsp/fft-convolve.js';
import { designTableFir, parseResponseTable } from '../../src/dsp/response-table.js';
import { syntheticRoomIr } from '../../src/dsp/room.js';
import { createRng } from '../../src/rng.js';
import { speechClip } from '../helpers/speech.js';
import { fftConvolveFftJs } from './fft-convolve-fftjs.js';

/** Index of the first sample where a and b differ (as float32 bit patterns), or −1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return i;
  return -1;
}

describe('fftConvolve in WebAssembly is bit-identical to the fft.js implementation it replaced', () => {
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
        for (const outLength of [x.length, x.length + 4321, 5000]) {
          const fast = fftConvolve(x, h, outLength);
          const ref = fftConvolveFftJs(x, h, outLength);
          expect(fast.length).toBe(outLength);
          expect(firstDifference(fast, ref)).toBe(-1);
        }
      }
    });
  }

  it('on a 10-minute signal (many blocks) with a Float64Array filter', async () => {
    const clip = (await speechClip(1)).samples;
    const x = new Float32Array(600 * 16000);
    for (let at = 0; at < x.length; at += clip.length) x.set(clip.subarray(0, x.length - at), at);
    const h = Float64Array.from(syntheticRoomIr(1.2, 3, 16000, createRng('long')));
    expect(firstDifference(fftConvolve(x, h), fftConvolveFftJs(x, h))).toBe(-1);
  });
});
