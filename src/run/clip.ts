import { wav16Seconds } from '../audio/wav16-audio.js';
import type { Clip } from '../corpus/types.js';
import type { CallOutcome, Dispatcher } from '../dispatch/dispatcher.js';
import { type UtteranceRow, unitKey } from '../results/row.js';
import type { PlannedCondition } from './plan.js';
import type { DspPool } from './pool/pool.js';
import type { WarmStart } from './warm.js';

export const CONDITIONS_PER_TASK = 4;

/** What one clip's work needs from the run around it. */
export interface ClipContext {
  readonly conditions: readonly PlannedCondition[];
  readonly dispatchers: readonly Dispatcher[];
  /** Whether a unit is already recorded (this session or an earlier one): never sent again. */
  readonly isDone: (condition: string, engine: string, clipId: string) => boolean;
  /** Decodes, perturbs and hashes on the worker threads. */
  readonly pool: DspPool;
  /**
   * Run-wide limit on tasks (a few conditions of a clip) perturbed or being perturbed whose
   * engine calls have not all finished: the WAV in hand, ~96 kB a 3 s unit. Without it a
   * slow engine leaves every perturbed condition of the clips in the window waiting in memory.
   */
  readonly hold: <T>(task: () => Promise<T>) => Promise<T>;
  readonly signal: AbortSignal;
  /** Writes a row as its unit finishes; returns it as written. */
  readonly write: (row: UtteranceRow) => UtteranceRow;
  /** Scores the clip's written rows (on the pool) and adds them to the run's tally. */
  readonly settle: (rows: readonly UtteranceRow[]) => Promise<void>;
  /** With the cache on: the audio identities of earlier runs, to skip the DSP of cached units. */
  readonly warm?: WarmStart;
  /** Clip × conditions perturbed, and those whose units came from remembered audio instead. */
  readonly dsp: { perturbed: number; remembered: number };
}

/**
 * Perturbs a clip once per condition (all conditions at once, a few per task spread over the
 * pool's threads; each thread decodes the clip once into a small cache) and sends each version to every engine as it
 * is ready. Rows are written as units finish and tallied once the clip is done.
 */
export async function runClip(clip: Clip, context: ClipContext): Promise<void> {
  const { conditions, dispatchers, isDone } = context;
  let todo = conditions.filter((c) =>
    dispatchers.some((d) => !isDone(c.name, d.engine.id, clip.id)),
  );
  if (todo.length === 0) return;
  const written: UtteranceRow[] = [];
  const write = (row: UtteranceRow) => written.push(context.write(row));
  const keys = new Map<PlannedCondition, string>();
  if (context.warm) {
    const fromCache = await warmUnits(clip, todo, context, keys);
    for (const row of fromCache) write(row);
    const before = todo.length;
    todo = todo.filter((c) => !fromCache.some((r) => r.condition === c.name));
    context.dsp.remembered += before - todo.length;
    if (todo.length === 0) return context.settle(written);
  }
  // A few conditions per task: enough tasks to keep every thread busy, few enough that
  // handing tasks over costs little next to the DSP. Each task holds its audio until its
  // engine calls finish; `hold` bounds how many do at once across the run.
  const stop = { failed: false };
  const tasks: Promise<void>[] = [];
  for (let i = 0; i < todo.length; i += CONDITIONS_PER_TASK) {
    const part = todo.slice(i, i + CONDITIONS_PER_TASK);
    tasks.push(
      context
        .hold(() => (stop.failed ? Promise.resolve() : sendTask(clip, part, context, keys, write)))
        .catch((e) => {
          // A failure stops the run; the clip's other conditions are then of no interest.
          stop.failed = true;
          throw e;
        }),
    );
  }
  const settled = await Promise.allSettled(tasks);
  await context.settle(written);
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
}

/** One task: the clip perturbed under `part` on the pool, each version sent to every engine. */
async function sendTask(
  clip: Clip,
  part: readonly PlannedCondition[],
  context: ClipContext,
  keys: ReadonlyMap<PlannedCondition, string>,
  write: (row: UtteranceRow) => void,
): Promise<void> {
  const { dispatchers, isDone, signal } = context;
  if (signal.aborted) return;
  const results = await context.pool.perturb(
    clip.id,
    part.map((c) => c.name),
  );
  const calls: Promise<void>[] = [];
  try {
    for (const [i, c] of part.entries()) {
      if (signal.aborted) break;
      const perturbed = results[i];
      const engines = dispatchers.filter((d) => !isDone(c.name, d.engine.id, clip.id));
      if (!perturbed.ok) {
        // An unreadable clip is missing data for every unit it feeds, recorded with the reason.
        for (const d of engines) write(unreadableRow(clip, c, d.engine.id, perturbed.unreadable));
        continue;
      }
      context.dsp.perturbed++;
      const { audio, wav, audioSha256, params, notes } = perturbed;
      const key = keys.get(c);
      const seconds = wav16Seconds(wav);
      if (key) await context.warm?.set(key, { audioSha256, params, notes, seconds });
      for (const d of engines) {
        const unit = unitKey(c.name, d.engine.id, clip.id);
        calls.push(
          d.call({ unit, clipId: clip.id, audio, wav, audioSha256 }).then((outcome) => {
            if (!outcome.ok && outcome.interrupted) return;
            write(unitRow(clip, c, d.engine.id, { audioSha256, params, notes }, outcome));
          }),
        );
      }
    }
  } finally {
    await Promise.all(calls);
  }
}

/**
 * The conditions whose audio an earlier run remembered and every engine's transcript of it is
 * cached: their rows, written as the dispatcher writes a cache hit, without any DSP. Keys of
 * the other conditions are left in `keys` so their audio is remembered once made.
 */
async function warmUnits(
  clip: Clip,
  todo: readonly PlannedCondition[],
  context: ClipContext,
  keys: Map<PlannedCondition, string>,
): Promise<UtteranceRow[]> {
  const warm = context.warm!;
  const rows: UtteranceRow[] = [];
  const clipHash = await warm.clipHash(clip);
  if (!clipHash) return rows;
  for (const c of todo) {
    const key = warm.keyOf(clip, clipHash, c);
    keys.set(c, key);
    const known = await warm.get(key);
    if (!known) continue;
    const engines = context.dispatchers.filter(
      (d) => !context.isDone(c.name, d.engine.id, clip.id),
    );
    const texts = await Promise.all(engines.map((d) => warm.transcript(d, known.audioSha256)));
    if (texts.some((t) => t === undefined)) continue;
    for (const [i, d] of engines.entries()) {
      d.stats.cacheHits++;
      rows.push({
        ...rowBase(clip, c, d.engine.id),
        hypothesis: texts[i]!,
        ...(known.params.length > 0 && { params: known.params }),
        ...(Object.keys(known.notes).length > 0 && { notes: known.notes }),
        audioSha256: known.audioSha256,
        latencyMs: 0,
        cached: true,
        attempts: 0,
      });
    }
  }
  return rows;
}

/** A unit's row from its audio and its call's outcome (the run's and the queue's). */
export function unitRow(
  clip: Clip,
  c: PlannedCondition,
  engine: string,
  audio: {
    audioSha256: string;
    params: readonly object[];
    notes: Readonly<Record<string, unknown>>;
  },
  outcome: CallOutcome,
): UtteranceRow {
  const { audioSha256, params, notes } = audio;
  return {
    ...rowBase(clip, c, engine),
    hypothesis: outcome.ok ? outcome.text : null,
    ...(!outcome.ok && { error: outcome.error }),
    ...(params.length > 0 && { params: params as Record<string, unknown>[] }),
    ...(Object.keys(notes).length > 0 && { notes }),
    audioSha256,
    latencyMs: outcome.latencyMs,
    cached: outcome.cached,
    attempts: outcome.attempts,
  };
}

/** An unreadable clip is missing data for every unit it feeds, recorded with the reason. */
export function unreadableRow(
  clip: Clip,
  c: PlannedCondition,
  engine: string,
  reason: string,
): UtteranceRow {
  return {
    ...rowBase(clip, c, engine),
    hypothesis: null,
    error: `cannot read audio ${reason}`,
    attempts: 0,
  };
}

/** A unit that produced no transcript for a reason outside its engine call (a queue worker). */
export function failedRow(
  clip: Clip,
  c: PlannedCondition,
  engine: string,
  error: string,
  attempts: number,
): UtteranceRow {
  return { ...rowBase(clip, c, engine), hypothesis: null, error, attempts };
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
