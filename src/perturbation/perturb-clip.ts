import { dirname, resolve } from 'node:path';
import { peak, toDb } from '../audio/levels.js';
import type { Audio } from '../audio/types.js';
import type { ClipRef, CorpusAccess } from '../corpus/types.js';
import { UserError } from '../errors.js';
import { createRng } from '../rng.js';
import type { Condition, SeededConditions } from './chain.js';
import { drawSetting, type Scalar } from './params.js';

export interface PerturbedClip {
  readonly audio: Audio;
  /** Parameter values drawn for each step, in chain order (recorded on result rows). */
  readonly params: Record<string, Scalar>[];
  /** Figures and warnings raised while perturbing, e.g. `clipped` when a step passed full scale. */
  readonly notes: Record<string, number | string | boolean>;
}

/**
 * Applies a condition's chain to one clean clip. All randomness is keyed by (scenario seed,
 * condition name, clip id, step index), so the output is bit-identical whatever the order or
 * concurrency of processing. The output keeps the clean clip's rate, and its length unless a
 * step's kind declares `changesLength` (and records what it inserted among its parameters).
 */
export async function perturbClip(
  scenario: Pick<SeededConditions, 'seed' | 'file'>,
  condition: Condition,
  clip: ClipRef,
  clean: Audio,
  corpus?: CorpusAccess,
): Promise<PerturbedClip> {
  let audio = clean;
  const params: Record<string, Scalar>[] = [];
  const notes: Record<string, number | string | boolean> = {};
  const scenarioDir = dirname(resolve(scenario.file));
  for (const [index, step] of condition.chain.entries()) {
    const rng = createRng(scenario.seed, condition.name, clip.id, index);
    const drawRng = rng.fork('draw');
    const values: Record<string, Scalar> = {};
    for (const [name, setting] of Object.entries(step.settings)) {
      values[name] = drawSetting(step.perturbation.params[name], setting, drawRng);
    }
    const problems = step.perturbation.check?.(values as never) ?? [];
    if (problems.length) {
      const where = `${step.position.file}:${step.position.line}:${step.position.column}`;
      throw new UserError(
        `${where} ${step.perturbation.name} drew values that break its rules for clip ${clip.id}: ${problems.join('; ')}`,
      );
    }
    params.push(values);
    const prefix =
      condition.chain.length > 1 ? `${index}.${step.perturbation.name}` : step.perturbation.name;
    const out = await step.perturbation.apply(audio, values as never, {
      rng: rng.fork('apply'),
      clip,
      corpus,
      resolvePath: (p) => resolve(scenarioDir, p),
      note: (key, value) => {
        notes[`${prefix}.${key}`] = value;
      },
      drawn: (key, value) => {
        values[key] = value;
      },
    });
    const lengthChanged = out.samples.length !== audio.samples.length;
    if (
      (lengthChanged && !step.perturbation.changesLength) ||
      out.sampleRate !== audio.sampleRate
    ) {
      throw new Error(
        `perturbation ${step.perturbation.name} changed length or rate (${audio.samples.length}@${audio.sampleRate} → ${out.samples.length}@${out.sampleRate})`,
      );
    }
    const max = out.peak ?? peak(out.samples);
    if (max > 1) {
      // Level safety: say so rather than let the WAV writer clip silently.
      notes[`${prefix}.clipped`] = true;
      notes[`${prefix}.peak`] = Math.round(toDb(max) * 100) / 100;
    }
    audio = { samples: out.samples, sampleRate: out.sampleRate };
  }
  return { audio, params, notes };
}
