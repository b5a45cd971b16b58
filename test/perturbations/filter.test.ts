import { describe, expect, it } from 'vitest';
import { filterSections } from '../../perturbations/filter.js';
import { cascadeResponseDb } from '../../src/dsp/biquad.js';
import { toneRmsDb, transferDb } from '../helpers/spectrum.js';
import { run, speech, tile, withDefaults } from './_speech.js';

/** Speech plus a little white noise so every band has energy for the transfer estimate. */
async function probe() {
  const s = tile(await speech(0), 10);
  let seed = 1;
  const samples = s.samples.map((v) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return v + 0.003 * (seed / 2 ** 32 - 0.5);
  });
  return { samples, sampleRate: s.sampleRate };
}

describe('filter', () => {
  it('high-/low-pass: −3 dB at the cut-off (±0.3 dB), 6·order dB/octave beyond, measured on speech', async () => {
    const x = await probe();
    for (const [type, f, order] of [
      ['highpass', 300, 4],
      ['lowpass', 3400, 8],
    ] as const) {
      const { out } = await run('filter', x, { type, frequency: f, order });
      expect(transferDb(x.samples, out.samples, 16000, f, 4096)).toBeCloseTo(-3.01, 0);
      const far = type === 'highpass' ? f / 4 : Math.min(f * 2, 7000);
      const octaves = Math.abs(Math.log2(far / f));
      const measured = transferDb(x.samples, out.samples, 16000, far, 4096);
      const design = cascadeResponseDb(
        filterSections(
          { ...withDefaults('filter', { type, frequency: f, order }) } as never,
          16000,
        ),
        far,
        16000,
      );
      expect(Math.abs(measured - design)).toBeLessThan(1);
      expect(measured).toBeLessThan(-6 * order * octaves + 6);
    }
  });

  it('band-pass and band-stop: −3 dB at both edges, ≥ 40 dB rejection in the stop band', async () => {
    const x = await probe();
    const { out: bp } = await run('filter', x, {
      type: 'bandpass',
      low: 500,
      high: 2000,
      order: 4,
    });
    for (const f of [500, 2000])
      expect(transferDb(x.samples, bp.samples, 16000, f, 4096)).toBeCloseTo(-3.01, 0);
    expect(Math.abs(transferDb(x.samples, bp.samples, 16000, 1000, 4096))).toBeLessThan(0.3);
    const bpDesign = filterSections(
      withDefaults('filter', { type: 'bandpass', low: 500, high: 2000, order: 4 }) as never,
      16000,
    );
    for (const f of [150, 5000]) {
      const design = cascadeResponseDb(bpDesign, f, 16000);
      expect(design).toBeLessThan(-20);
      expect(Math.abs(transferDb(x.samples, bp.samples, 16000, f, 4096) - design)).toBeLessThan(1);
    }
    const { out: bs } = await run('filter', x, {
      type: 'bandstop',
      low: 700,
      high: 1400,
      order: 8,
    });
    for (const f of [700, 1400])
      expect(transferDb(x.samples, bs.samples, 16000, f, 4096)).toBeCloseTo(-3.01, 0);
    // Deep rejection: a 1 kHz tone riding on the speech loses more than 40 dB.
    const withTone = {
      samples: x.samples.map((v, i) => v + 0.1 * Math.sin((2 * Math.PI * 1000 * i) / 16000)),
      sampleRate: 16000,
    };
    const { out: bsTone } = await run('filter', withTone, {
      type: 'bandstop',
      low: 700,
      high: 1400,
      order: 8,
    });
    expect(
      toneRmsDb(bsTone.samples, 16000, 1000) - toneRmsDb(withTone.samples, 16000, 1000),
    ).toBeLessThan(-40);
    expect(Math.abs(transferDb(x.samples, bs.samples, 16000, 300, 4096))).toBeLessThan(0.3);
    expect(Math.abs(transferDb(x.samples, bs.samples, 16000, 4000, 4096))).toBeLessThan(0.3);
  });

  it('parametric sections: peaking +9 dB at its centre, shelves reach their gain', async () => {
    const x = await probe();
    const { out: pk } = await run('filter', x, { type: 'peaking', frequency: 1000, gain: 9, q: 2 });
    expect(transferDb(x.samples, pk.samples, 16000, 1000, 4096)).toBeCloseTo(9, 0);
    expect(Math.abs(transferDb(x.samples, pk.samples, 16000, 4000, 4096))).toBeLessThan(0.5);
    const { out: ls } = await run('filter', x, { type: 'lowshelf', frequency: 300, gain: -12 });
    expect(transferDb(x.samples, ls.samples, 16000, 60, 4096)).toBeCloseTo(-12, 0);
    const { out: hs } = await run('filter', x, { type: 'highshelf', frequency: 3000, gain: 6 });
    expect(transferDb(x.samples, hs.samples, 16000, 7000, 4096)).toBeCloseTo(6, 0);
  });
});
