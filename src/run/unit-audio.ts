import { createHash } from 'node:crypto';
import type { Audio } from '../audio/types.js';
import { encodeWav16 } from '../audio/write.js';
import type { Clip, CorpusAccess } from '../corpus/types.js';
import { type PerturbedClip, perturbClip } from '../perturbation/perturb-clip.js';
import type { PlannedCondition } from './plan.js';

/**
 * The audio one clip × condition sends to every engine, as the WAV and the hash the cache is
 * keyed by: the one function the run's pool (src/run/pool/tasks.ts) and `lastmile plan` call,
 * so the plan's cache hits are the run's.
 */
export async function unitAudio(
  clip: Pick<Clip, 'id' | 'speaker'>,
  c: PlannedCondition,
  clean: Audio,
  access: CorpusAccess,
): Promise<{ perturbed: PerturbedClip; wav: Buffer; audioSha256: string }> {
  const perturbed = c.scenario
    ? await perturbClip(
        c.scenario,
        c.condition,
        { id: clip.id, speaker: clip.speaker },
        clean,
        access,
      )
    : { audio: clean, params: [], notes: {} };
  const wav = encodeWav16(perturbed.audio);
  return {
    perturbed,
    wav,
    audioSha256: createHash('sha256').update(wav.subarray(44)).digest('hex'),
  };
}
