import { describe, expect, it } from 'vitest';
import { rms, toDb } from '../../src/audio/levels.js';
import { readAudio } from '../../src/audio/read.js';
import { directToReverberantDb, schroederRt60 } from '../../src/dsp/decay.js';
import { directConvolve, fftConvolve } from '../../src/dsp/fft-convolve.js';
import { shoeboxAcoustics } from '../../src/dsp/room.js';
import { bestLag } from '../../src/dsp/xcorr.js';
import { run, speech } from './_speech.js';

/** The IR a kind applied, recovered by running it on a unit impulse. */
async function measuredIr(values: Record<string, unknown>, seconds = 3) {
  const impulse = new Float32Array(seconds * 16000);
  impulse[0] = 1;
  return (await run('reverb', { samples: impulse, sampleRate: 16000 }, values)).out.samples;
}

describe('reverb', () => {
  for (const [rt60, drr] of [
    [0.3, 6],
    [0.8, 0],
    [1.5, -3],
  ]) {
    it(`synthetic room RT60 ${rt60} s (Schroeder T30) within 10 %, DRR ${drr} dB within 0.5 dB`, async () => {
      const ir = await measuredIr({ rt60, drr });
      const t30 = schroederRt60(ir, 16000, 30);
      expect(Math.abs(t30 - rt60) / rt60).toBeLessThan(0.1);
      expect(Math.abs(directToReverberantDb(ir, 16000) - drr)).toBeLessThan(0.5);
    });
  }

  it('shoebox room: measured RT60 matches Eyring within 10 %, DRR the critical-distance formula', async () => {
    const room = { length: 6, width: 4, height: 3, absorption: 0.15, distance: 2 };
    const expected = shoeboxAcoustics(6, 4, 3, 0.15, 2);
    const ir = await measuredIr(room);
    expect(Math.abs(schroederRt60(ir, 16000) - expected.rt60) / expected.rt60).toBeLessThan(0.1);
    expect(Math.abs(directToReverberantDb(ir, 16000) - expected.drrDb)).toBeLessThan(0.5);
  });

  it('IR files at any rate: resampled, direct path at t = 0, normalised; speech stays aligned and at level', async () => {
    const clean = await speech(0);
    const { out } = await run('reverb', clean, { ir: 'fixtures/ir/small-room-48k.wav' });
    const ir = await readAudio('fixtures/ir/small-room-48k.wav', 16000);
    const expectedRt = schroederRt60(ir.samples, 16000);
    expect(Math.abs(expectedRt - 0.3) / 0.3).toBeLessThan(0.1); // the file's own room survives resampling
    const { lag } = bestLag(clean.samples, out.samples, -200, 200);
    expect(lag).toBe(0);
    expect(Math.abs(toDb(rms(out.samples) / rms(clean.samples)))).toBeLessThan(1.5);
  });

  it('FFT overlap-add convolution equals direct convolution (max error < 1e-5)', () => {
    const x = Float32Array.from(
      { length: 20000 },
      (_, i) => Math.sin(i * 0.37) * Math.cos(i * 0.011),
    );
    for (const m of [1, 7, 300, 4097]) {
      const h = Float32Array.from(
        { length: m },
        (_, i) => Math.exp(-i / 500) * Math.sin(i * 1.3 + 0.2),
      );
      const a = fftConvolve(x, h);
      const b = directConvolve(x, h);
      let err = 0;
      for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i] - b[i]));
      expect(err).toBeLessThan(1e-5 * Math.max(1, Math.sqrt(m)));
    }
  });
});
