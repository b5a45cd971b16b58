import { createHash } from 'node:crypto';
import { AudioReadError, readAudio } from '../audio/read.js';
import type { Audio } from '../audio/types.js';
import { encodeWav16 } from '../audio/write.js';
import type { Clip, CorpusAccess } from '../corpus/types.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { type PerturbedClip, perturbClip } from '../perturbation/perturb-clip.js';
import { type UtteranceRow, unitKey } from '../results/row.js';
import type { PlannedCondition } from './plan.js';

/** What one clip's work needs from the run around it. */
export interface ClipContext {
  readonly conditions: readonly PlannedCondition[];
  readonly dispatchers: readonly Dispatcher[];
  /** Units already recorded (this session or an earlier one): never sent again. */
  readonly done: ReadonlySet<string>;
  readonly access: CorpusAccess;
  readonly signal: AbortSignal;
  readonly record: (row: UtteranceRow) => void;
}

/** Decodes a clip once, perturbs it once per condition, and sends each version to every engine. */
export async function runClip(clip: Clip, context: ClipContext): Promise<void> {
  const { conditions, dispatchers, done, signal, record } = context;
  const todo = conditions.filter((c) =>
    dispatchers.some((d) => !done.has(unitKey(c.name, d.engine.id, clip.id))),
  );
  if (todo.length === 0) return;
  let clean: Audio;
  try {
    clean = await readAudio(clip.audioPath);
  } catch (e) {
    if (!(e instanceof AudioReadError)) throw e;
    // An unreadable clip is missing data for every unit it feeds, recorded with the reason.
    for (const c of todo)
      for (const d of dispatchers)
        if (!done.has(unitKey(c.name, d.engine.id, clip.id)))
          record({
            ...rowBase(clip, c, d.engine.id),
            hypothesis: null,
            error: `cannot read audio ${e.message}`,
            attempts: 0,
          });
    return;
  }
  const calls: Promise<void>[] = [];
  for (const c of todo) {
    if (signal.aborted) break;
    const { perturbed, wav, audioSha256 } = await unitAudio(clip, c, clean, context.access);
    for (const d of dispatchers) {
      const unit = unitKey(c.name, d.engine.id, clip.id);
      if (done.has(unit)) continue;
      calls.push(
        d
          .call({ unit, clipId: clip.id, audio: perturbed.audio, wav, audioSha256 })
          .then((outcome) => {
            if (!outcome.ok && outcome.interrupted) return;
            record({
              ...rowBase(clip, c, d.engine.id),
              hypothesis: outcome.ok ? outcome.text : null,
              ...(!outcome.ok && { error: outcome.error }),
              ...(perturbed.params.length > 0 && { params: perturbed.params }),
              ...(Object.keys(perturbed.notes).length > 0 && { notes: perturbed.notes }),
              audioSha256,
              latencyMs: outcome.latencyMs,
              cached: outcome.cached,
              attempts: outcome.attempts,
            });
          }),
      );
    }
  }
  await Promise.all(calls);
}

/**
 * The audio one clip × condition sends to every engine, as the WAV and the hash the cache is
 * keyed by (the same function for a run and for `lastmile plan`, so the plan's cache hits are
 * the run's).
 */
export async function unitAudio(
  clip: Clip,
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

/** The fields of a row that depend only on the unit, not on how its call went. */
function rowBase(clip: Clip, c: PlannedCondition, engine: string) {
  return {
    unit: unitKey(c.name, engine, clip.id),
    id: clip.id,
    speaker: clip.speaker,
    labels: clip.labels,
    condition: c.name,
    ...(c.condition.sweep && {
      sweep: {
        base: c.name.slice(0, c.name.length - c.condition.name.length) + c.condition.sweep.base,
        values: c.condition.sweep.values,
      },
    }),
    engine,
    ...(c.scenario && { scenario: c.scenario.name }),
    reference: clip.text,
  };
}
