import { getPerturbation } from '../../perturbations/index.js';
import type { Audio } from '../../src/audio/types.js';
import { drawSetting, type ParamSetting } from '../../src/perturbation/params.js';
import { createRng } from '../../src/rng.js';

/**
 * Applies one kind with explicit values (defaults filled in) to a clip, the way the pipeline
 * does, for tests that measure a single kind.
 */
export async function applyKind(
  kind: string,
  audio: Audio,
  values: Record<string, unknown>,
  seed = 1,
): Promise<Audio> {
  const p = getPerturbation(kind);
  const full: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(p.params)) {
    if (values[name] !== undefined) full[name] = values[name];
    else if (spec.default !== undefined)
      full[name] = drawSetting(
        spec,
        { kind: 'fixed', value: spec.default } as ParamSetting,
        createRng(0),
      );
  }
  const problems = p.check?.(full as never) ?? [];
  if (problems.length) throw new Error(problems.join('; '));
  return p.apply(audio, full as never, {
    rng: createRng('test', kind, seed),
    clip: { id: 'test-clip', speaker: 'test-speaker' },
    resolvePath: (x) => x,
    note: () => {},
  });
}

export function difference(a: Audio, b: Audio): Float32Array {
  return Float32Array.from(b.samples, (x, i) => x - a.samples[i]);
}
