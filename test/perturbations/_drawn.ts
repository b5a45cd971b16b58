import { getPerturbation } from '../../perturbations/index.js';
import type { Audio } from '../../src/audio/types.js';
import { createRng } from '../../src/rng.js';
import { withDefaults } from './_speech.js';

export /** Applies a kind, capturing what it records among the drawn parameters. */
async function applyDrawn(kind: string, audio: Audio, values: Record<string, unknown>, seed = 3) {
  const drawn: Record<string, unknown> = {};
  const out = await getPerturbation(kind).apply(audio, withDefaults(kind, values) as never, {
    rng: createRng('anatomy', kind, seed),
    clip: { id: 'c', speaker: 's' },
    resolvePath: (p) => p,
    note: () => {},
    drawn: (k, v) => {
      drawn[k] = v;
    },
  });
  return { out, drawn };
}
