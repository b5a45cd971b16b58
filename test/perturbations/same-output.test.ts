import { describe, expect, it } from 'vitest';
import { findPerturbation, getPerturbation } from '../../perturbations/index.js';
import { rms } from '../../src/audio/levels.js';
import type { Audio } from '../../src/audio/types.js';
import type { CorpusAccess } from '../../src/corpus/types.js';
import { butterworth, designBiquad, filterCascade } from '../../src/dsp/biquad.js';
import { coloredNoiseWithEnergy } from '../../src/dsp/colored-noise.js';
import type { AnyPerturbation } from '../../src/perturbation/types.js';
import { createRng } from '../../src/rng.js';
import { speech, testCorpus, tile, withDefaults } from './_speech.js';
import { babble as babbleBefore } from './before/babble.js';
import { filterCascade as filterCascadeBefore } from './before/biquad.js';
import { coloredNoise as coloredNoiseBefore } from './before/colored-noise.js';
import { defineIntermittent } from './before/intermittent.js';
import { machine as machineBefore } from './before/machine.js';

/**
 * The kinds rewritten for speed against copies of their code from before (test/perturbations/
 * before/), on corpus speech, over settings the built-in scenarios do not reach (more talkers
 * than speakers, long clips that loop every talker, odd section counts, whines, random windows).
 * Outputs must agree bit for bit: perturbed audio is addressed by its hash.
 */
function same(a: Float32Array, b: Float32Array): boolean {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return ua.length === ub.length && ua.every((v, i) => v === ub[i]);
}

let corpusOnce: Promise<CorpusAccess> | undefined;

/** The test corpus, each clip decoded once (as the run's corpus keeps them): babble's per-talker cache is hit. */
function sharedCorpus(): Promise<CorpusAccess> {
  corpusOnce ??= testCorpus().then((c) => {
    const loaded = new Map<string, Promise<Audio>>();
    return {
      clips: c.clips,
      load: (id: string) => {
        if (!loaded.has(id)) loaded.set(id, c.load(id));
        return loaded.get(id)!;
      },
    };
  });
  return corpusOnce;
}

async function both(
  before: AnyPerturbation,
  kind: string,
  audio: Audio,
  values: Record<string, unknown>,
  seed: number,
): Promise<[Float32Array, Float32Array]> {
  const corpus = await sharedCorpus();
  const full = withDefaults(kind, values);
  const apply = (p: AnyPerturbation) =>
    p.apply(audio, full as never, {
      rng: createRng('same-output', kind, seed),
      clip: { id: 'c', speaker: 'nobody' },
      corpus,
      resolvePath: (x) => x,
      note: () => {},
    });
  return [(await apply(getPerturbation(kind))).samples, (await apply(before)).samples];
}

describe('rewritten kinds give the samples their earlier code gave', () => {
  it('babble: 1, 7 and 32 talkers, active and RMS reference, 3 s and 40 s clips', async () => {
    const clip = await speech(2);
    for (const audio of [clip, tile(clip, 40)])
      for (const [talkers, reference] of [
        [1, 'active'],
        [7, 'rms'],
        [32, 'active'],
      ] as const) {
        const [now, before] = await both(
          babbleBefore,
          'babble',
          audio,
          { talkers, reference, snr: 5 },
          talkers,
        );
        expect(same(now, before)).toBe(true);
      }
  });

  it('machine: with and without whine, duty 1, level instead of SNR, low edge above the band', async () => {
    const audio = tile(await speech(4), 12);
    const settings = [
      { snr: 10 },
      { snr: 0, whine: 120, period: 0.75, duty: 0.3, low: 50, high: 400 },
      { level: -30, duty: 1 },
      { snr: 5, period: 4, duty: 0.02, low: 7900, high: 8000 },
    ];
    for (const [i, values] of settings.entries()) {
      const [now, before] = await both(machineBefore, 'machine', audio, values, i);
      expect(same(now, before)).toBe(true);
    }
  });

  it('intermittent: periodic and random windows, no ramp, an inner step that passes audio through', async () => {
    const intermittentBefore = defineIntermittent(findPerturbation);
    const audio = tile(await speech(6), 20);
    const settings = [
      { step: '{"noise":{"snr":5}}', every: 2, for: 0.5 },
      { step: '{"hum":{"level":-30}}', every: 1, for: 0.08, onsets: 'random', ramp: 0.005 },
      { step: '{"noise":{"snr":0}}', every: 0.5, for: 0.5, ramp: 0 },
      { step: '{"gain":{"db":0}}', every: 3, for: 1 },
    ];
    for (const [i, values] of settings.entries()) {
      const [now, before] = await both(intermittentBefore, 'intermittent', audio, values, i);
      expect(same(now, before)).toBe(true);
    }
  });

  it('filterCascade: 1 to 9 sections (one, two and four per pass), and in place', async () => {
    const x = tile(await speech(1), 5).samples;
    const pool = [
      ...butterworth('highpass', 4, 300, 16000),
      ...butterworth('lowpass', 6, 3400, 16000),
      designBiquad('peaking', 1000, 16000, 1, 6),
      designBiquad('notch', 50, 16000, 10),
      designBiquad('lowshelf', 150, 16000, 0.7, 4),
      designBiquad('highshelf', 4000, 16000, 0.7, -6),
    ];
    for (let count = 0; count <= 9; count++) {
      const sections = pool.slice(0, count);
      const before = filterCascadeBefore(x, sections);
      expect(same(filterCascade(x, sections), before)).toBe(true);
      const copy = x.slice();
      expect(same(filterCascade(copy, sections, copy), before)).toBe(true);
    }
  });

  it('coloured noise (chunked filters, energy taken in the same pass): white, pink, brown', () => {
    for (const color of ['white', 'pink', 'brown'] as const)
      for (const n of [0, 1, 16383, 16385, 100_000]) {
        const { samples, sumSquares } = coloredNoiseWithEnergy(n, color, createRng(color, n));
        expect(same(samples, coloredNoiseBefore(n, color, createRng(color, n)))).toBe(true);
        expect(n === 0 ? 0 : Math.sqrt(sumSquares / n)).toBe(rms(samples));
      }
  });
});
