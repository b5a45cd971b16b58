import { describe, expect, it } from 'vitest';
import { perturbations } from '../../perturbations/index.js';
import { run, speech, testCorpus } from './_speech.js';

/**
 * The smallest valid setting of every kind: its defaults plus what it requires. A kind added to
 * perturbations/index.ts without an entry here fails the first test.
 */
const MINIMAL: Record<string, Record<string, unknown>> = {
  gain: {},
  level: {},
  noise: { snr: 15 },
  babble: {},
  hum: { level: -30 },
  alarm: { snr: 10 },
  machine: { snr: 10 },
  reverb: {},
  bandpass: {},
  filter: {},
  eq: {},
  codec: {},
  packetloss: {},
  clipping: { percentile: 99 },
  distortion: {},
  speed: {},
  silence: {},
  mask: {},
  intermittent: { step: JSON.stringify({ noise: { snr: 5 } }) },
};

describe('contract of every registered kind', () => {
  it('every kind has a minimal setting in this test', () => {
    expect(Object.keys(MINIMAL).sort()).toEqual(perturbations.map((p) => p.name).sort());
  });

  for (const p of perturbations) {
    it(`${p.name}: defaults valid, same seed → bit-identical, length and rate kept, finite, input untouched`, async () => {
      const clean = await speech(0);
      const input = { samples: clean.samples.slice(), sampleRate: clean.sampleRate };
      const before = input.samples.slice();
      const corpus = await testCorpus();
      const clip = { id: clean.id, speaker: clean.speaker };
      const a = await run(p.name, input, MINIMAL[p.name], { seed: 7, clip, corpus });
      const b = await run(p.name, input, MINIMAL[p.name], { seed: 7, clip, corpus });
      expect(a.out.sampleRate).toBe(input.sampleRate);
      if (!p.changesLength) expect(a.out.samples.length).toBe(input.samples.length);
      expect(Buffer.from(a.out.samples.buffer).equals(Buffer.from(b.out.samples.buffer))).toBe(
        true,
      );
      expect(a.out.samples.every(Number.isFinite)).toBe(true);
      expect(Buffer.from(input.samples.buffer).equals(Buffer.from(before.buffer))).toBe(true);
      expect(a.out.samples).not.toBe(input.samples);
    });
  }
});
