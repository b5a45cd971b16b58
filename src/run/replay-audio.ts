import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readAudio } from '../audio/read.js';
import type { Audio } from '../audio/types.js';
import { encodeWav16 } from '../audio/write.js';
import { corpusAccess } from '../corpus/access.js';
import { loadCorpus } from '../corpus/load.js';
import type { Clip } from '../corpus/types.js';
import { perturbClip } from '../perturbation/perturb-clip.js';
import type { AudioReplay, ReplayedPair } from '../report/examples.js';
import type { RunContext } from '../report/run-context.js';
import type { UtteranceRow } from '../results/row.js';
import { loadScenario } from '../scenario/load.js';
import { type PlannedCondition, planConditions } from './plan.js';

/**
 * Rebuilds the audio a run's engine heard, for the report's players: the clean clip from the
 * corpus and the same seeded perturbation from the scenario. Offered only when its hash equals
 * the one recorded for what the engine heard; otherwise the note says why it is missing.
 */
export async function replayRunAudio(context: RunContext): Promise<AudioReplay> {
  const manifest = context.corpus.manifest;
  if (!manifest || !existsSync(manifest))
    return {
      note: `no audio players: the corpus manifest ${manifest ?? '(not recorded in run.json)'} is not there`,
    };
  const missing = context.scenarios.find((s) => !s.file || !existsSync(s.file));
  if (missing)
    return {
      note: `no audio players: scenario ${missing.name} (${missing.file ?? 'file not recorded'}) is not there`,
    };
  const corpus = await loadCorpus(manifest, { skipBad: true });
  const scenarios = await Promise.all(context.scenarios.map((s) => loadScenario(s.file!)));
  const planned = new Map(planConditions(scenarios).map((p) => [p.name, p]));
  const clips = new Map(corpus.clips.map((c) => [c.id, c]));
  const access = corpusAccess(corpus.clips);
  return {
    render: async (cleanRow, row) => {
      const clip = clips.get(row.id);
      const plan = planned.get(row.condition);
      if (!clip || !plan)
        return {
          note: `clip ${row.id} or condition ${row.condition} is no longer in the corpus or scenarios`,
        };
      return replayPair(clip, plan, cleanRow, row, access);
    },
  };
}

async function replayPair(
  clip: Clip,
  plan: PlannedCondition,
  cleanRow: UtteranceRow,
  row: UtteranceRow,
  access: ReturnType<typeof corpusAccess>,
): Promise<ReplayedPair> {
  const clean = await readAudio(clip.audioPath);
  const perturbed = plan.scenario
    ? (
        await perturbClip(
          plan.scenario,
          plan.condition,
          { id: clip.id, speaker: clip.speaker },
          clean,
          access,
        )
      ).audio
    : clean;
  const same = (audio: Audio, expected: string | undefined) =>
    expected === undefined ||
    createHash('sha256').update(encodeWav16(audio).subarray(44)).digest('hex') === expected;
  if (!same(clean, cleanRow.audioSha256) || !same(perturbed, row.audioSha256))
    return {
      note: `the audio rebuilt for ${clip.id} differs from what the engine heard (corpus or scenario changed since the run); its players are left out`,
    };
  return { clean, perturbed };
}
