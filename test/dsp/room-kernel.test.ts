import { describe, expect, it } from 'vitest';
import { syntheticRoomIr } from '../../src/dsp/room.js';
import { createRng } from '../../src/rng.js';
import { syntheticRoomIr as syntheticRoomIrBefore } from './room-before.js';

function firstDifference(a: Float32Array, b: Float32Array): number {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  if (ua.length !== ub.length) return 0;
  return ua.findIndex((v, i) => v !== ub[i]);
}

describe('syntheticRoomIr (draws and shaping in gaussian.wasm) equals the TypeScript it replaced bit for bit', () => {
  it('rooms of 0.05–3 s, DRR −10 to +20 dB, 8–48 kHz, many seeds: ~3.7 M samples', () => {
    let samples = 0;
    const rooms: [number, number, number][] = [
      [0.05, 20, 8000],
      [0.3, 10, 16000],
      [0.8, 6, 16000],
      [1.2, 3, 22050],
      [2.5, 0, 16000],
      [3, -10, 48000],
    ];
    for (const [rt60, drr, rate] of rooms) {
      for (let seed = 0; seed < 12; seed++) {
        const a = syntheticRoomIr(rt60, drr, rate, createRng('room-kernel', rt60, seed));
        const b = syntheticRoomIrBefore(rt60, drr, rate, createRng('room-kernel', rt60, seed));
        expect(firstDifference(a, b), `rt60 ${rt60}, drr ${drr}, ${rate} Hz, seed ${seed}`).toBe(
          -1,
        );
        samples += a.length;
      }
    }
    expect(samples).toBeGreaterThan(3_500_000);
  });
});
