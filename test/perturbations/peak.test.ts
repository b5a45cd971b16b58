import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getPerturbation } from '../../perturbations/index.js';
import type { Condition } from '../../src/perturbation/chain.js';
import { perturbClip } from '../../src/perturbation/perturb-clip.js';
import type { AnyPerturbation, PerturbedAudio } from '../../src/perturbation/types.js';
import { createRng } from '../../src/rng.js';
import { loadScenario } from '../../src/scenario/load.js';
import { speech, testCorpus, withDefaults } from './_speech.js';

/** max |x|, taken here rather than with the pipeline's own helper. */
function maxAbs(x: Float32Array): number {
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * A kind may return the peak it took while writing its samples, and the pipeline then skips
 * its own pass: a wrong figure would hide clipping. Every step of every built-in condition
 * (codec conditions aside: a codec returns no peak) is held to the peak of what it returned.
 */
describe('the peak a step returns is the peak of its samples', () => {
  it('for every step of every built-in scenario condition without a codec', async () => {
    const corpus = await testCorpus();
    const clip = await speech(0);
    const claimed = new Set<string>();
    const mismatches: string[] = [];
    const checked = (p: AnyPerturbation): AnyPerturbation => ({
      ...p,
      apply: async (audio, values, context) => {
        const out: PerturbedAudio = await p.apply(audio, values, context);
        if (out.peak !== undefined) {
          claimed.add(p.name);
          if (out.peak !== maxAbs(out.samples))
            mismatches.push(`${p.name}: ${out.peak} against ${maxAbs(out.samples)}`);
        }
        return out;
      },
    });
    for (const file of readdirSync('scenarios').filter((f) => f.endsWith('.yaml'))) {
      const scenario = await loadScenario(join('scenarios', file));
      for (const c of scenario.conditions) {
        if (c.chain.some((s) => s.perturbation.name === 'codec')) continue;
        const condition: Condition = {
          ...c,
          chain: c.chain.map((s) => ({ ...s, perturbation: checked(s.perturbation) })),
        };
        await perturbClip(scenario, condition, clip, clip, corpus);
      }
    }
    expect(mismatches).toEqual([]);
    // The kinds that take their peak while writing, so that the check above is not vacuous.
    for (const kind of [
      'reverb',
      'eq',
      'babble',
      'noise',
      'hum',
      'machine',
      'intermittent',
      'level',
    ])
      expect(claimed, kind).toContain(kind);
  });

  it('above full scale too, where the pipeline notes the clipping from it', async () => {
    const clip = await speech(0);
    const loud = { ...clip, samples: clip.samples.map((x) => x * 8) };
    for (const [kind, values] of [
      ['noise', { snr: -10, reference: 'rms' }],
      ['reverb', { rt60: 0.5 }],
      ['eq', { preset: 'old-handset' }],
      ['level', { mode: 'agc', threshold: 0, ratio: 1, makeup: false }],
    ] as const) {
      const out: PerturbedAudio = await getPerturbation(kind).apply(
        loud,
        withDefaults(kind, values) as never,
        {
          rng: createRng('peak', kind),
          clip,
          resolvePath: (p) => p,
          note: () => {},
        },
      );
      expect(maxAbs(out.samples), kind).toBeGreaterThan(1);
      expect(out.peak, kind).toBe(maxAbs(out.samples));
    }
  });
});
