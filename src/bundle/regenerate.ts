import { readAudio } from '../audio/read.js';
import type { Audio } from '../audio/types.js';
import { corpusAccess } from '../corpus/access.js';
import type { Corpus } from '../corpus/types.js';
import { perturbClip } from '../perturbation/perturb-clip.js';
import type { UtteranceRow } from '../results/row.js';
import { planConditions } from '../run/plan.js';
import { loadScenario } from '../scenario/load.js';

/**
 * Rebuilds what an engine heard for a row, as `run` made it: the clean clip from the corpus,
 * then the condition's seeded chain from the scenario (src/run/replay-audio.ts does the same
 * for the report's players). Scenarios are loaded in the run's order, which decides the
 * condition names when a run has several.
 */
export async function audioRebuilder(
  corpus: Corpus,
  scenarioFiles: readonly string[],
): Promise<(row: Pick<UtteranceRow, 'id' | 'speaker' | 'condition'>) => Promise<Audio>> {
  const scenarios = await Promise.all(scenarioFiles.map((f) => loadScenario(f)));
  const planned = new Map(planConditions(scenarios).map((p) => [p.name, p]));
  const clips = new Map(corpus.clips.map((c) => [c.id, c]));
  const access = corpusAccess(corpus.clips);
  return async (row) => {
    const clip = clips.get(row.id);
    if (!clip) throw new Error(`clip ${row.id} is not in the corpus`);
    const plan = planned.get(row.condition);
    if (!plan) throw new Error(`condition ${row.condition} is not in the scenarios`);
    const clean = await readAudio(clip.audioPath);
    if (!plan.scenario) return clean;
    return (
      await perturbClip(
        plan.scenario,
        plan.condition,
        { id: clip.id, speaker: clip.speaker },
        clean,
        access,
      )
    ).audio;
  };
}
