import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Audio } from '../../audio/types.js';
import { wav16Audio } from '../../audio/wav16-audio.js';
import type { Clip } from '../../corpus/types.js';
import { UserError } from '../../errors.js';
import type { KeywordList } from '../../scoring/keywords.js';
import type { UnitScores } from '../../stats/aggregate.js';
import { serveClips } from './clip-channel.js';
import {
  type PerturbResult,
  type PoolSetup,
  type PoolTask,
  PoolWork,
  SCORE_FIELDS,
  type ScoreResult,
  type ScoreTask,
} from './tasks.js';

export type { PoolSetup } from './tasks.js';

/**
 * A perturbed clip × condition as engines take it (the WAV as a Buffer, the audio its
 * samples), or why there is none.
 */
export type Perturbed =
  | (Extract<PerturbResult, { ok: true }> & { readonly wav: Buffer; readonly audio: Audio })
  | { readonly ok: false; readonly unreadable: string };

/** Perturbation, hashing and scoring off the main thread, on `threads` worker threads. */
export interface DspPool {
  /** Worker threads (0: the work runs on the calling thread). */
  readonly threads: number;
  /** The clip under each condition, in order (one task: one thread's work). */
  perturb(clipId: string, conditions: readonly string[]): Promise<Perturbed[]>;
  /** Scores pairs as the statistics do (src/stats `scoreUnit`), with a normaliser and keywords. */
  score(
    normalizer: string,
    keywords: KeywordList | undefined,
    pairs: readonly (readonly [string, string])[],
  ): Promise<UnitScores[]>;
  close(): Promise<void>;
}

/** Threads by default: one per core (the main thread mostly waits on engines and the disk). */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * A pool of `threads` workers (piscina) running `PoolWork`; with `threads` 0 the same work
 * runs on the calling thread (small runs, where starting workers costs more than it saves).
 * Results do not depend on the thread count or on which thread ran a task.
 */
export function createDspPool(setup: PoolSetup, threads: number): DspPool {
  if (threads <= 0) {
    const work = new PoolWork(setup);
    return {
      threads: 0,
      perturb: async (clipId, conditions) =>
        (await work.perturb({ kind: 'perturb', clipId, conditions })).map(userErrorOf),
      score: async (normalizer, keywords, pairs) =>
        scoresOf(work.score(scoreTask(normalizer, keywords, pairs))),
      close: async () => undefined,
    };
  }
  const clips = serveClips(setup.clips as Clip[]);
  const piscina = new Piscina({
    filename: workerFile(),
    // What a thread needs of each clip, not the corpus's texts and labels (a copy per thread).
    workerData: {
      scenarioFiles: setup.scenarioFiles,
      clips: setup.clips.map(({ id, speaker, audioPath }) => ({ id, speaker, audioPath })),
      clipChannel: clips.name,
    } satisfies PoolSetup,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    // Between tasks a thread's event loop runs (its dead-audio collection is a timer: worker.ts).
    atomics: 'async',
    // Not the parent's flags: under tsx they would load its loader into the worker (see workerFile).
    execArgv: [],
    // A task holds a clip's audio (typed arrays, outside this limit) and little else; without
    // a cap each thread's heap grows the way the main thread's does, several times its live size.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
  });
  return {
    threads,
    perturb: async (clipId, conditions) =>
      (
        (await piscina.run({
          kind: 'perturb',
          clipId,
          conditions,
        } satisfies PoolTask)) as PerturbResult[]
      ).map(userErrorOf),
    score: async (normalizer, keywords, pairs) =>
      scoresOf((await piscina.run(scoreTask(normalizer, keywords, pairs))) as ScoreResult),
    close: async () => {
      await piscina.destroy();
      clips.close();
    },
  };
}

/** The worker's answer on this thread: a user error thrown again as one, the WAV a Buffer. */
function userErrorOf(result: PerturbResult): Perturbed {
  if (!result.ok) {
    if ('userError' in result) throw new UserError(result.userError);
    return result;
  }
  const { wav } = result;
  return {
    ...result,
    wav: Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength),
    audio: wav16Audio(wav),
  };
}

function scoreTask(
  normalizer: string,
  keywords: KeywordList | undefined,
  pairs: readonly (readonly [string, string])[],
): ScoreTask {
  return { kind: 'score', normalizer, ...(keywords && { keywords }), pairs };
}

/**
 * Counts back into what `scoreUnit` returns: the UtteranceScore `scoreAlignment` makes (the
 * same fields and doubles) and the KindCounts `scoreUtterance` makes.
 */
function scoresOf(result: ScoreResult): UnitScores[] {
  const { counts } = result;
  const found = new Map(result.found);
  const out: UnitScores[] = [];
  for (let at = 0, i = 0; at < counts.length; at += SCORE_FIELDS, i++) {
    const [refWords, hits, substitutions, deletions, insertions, kwRef, kwErr, loop, noSpeech] =
      counts.subarray(at, at + SCORE_FIELDS);
    const errors = substitutions + deletions + insertions;
    const f = found.get(i);
    out.push({
      score: {
        refWords,
        hits,
        substitutions,
        deletions,
        insertions,
        errors,
        wer: refWords > 0 ? errors / refWords : null,
      },
      kinds: {
        refKeywords: kwRef,
        keywordErrors: kwErr,
        loopInsertions: loop,
        noSpeechInsertions: noSpeech,
        hallucinatedUtterances: loop + noSpeech > 0 ? 1 : 0,
      },
      ...(f && { found: f }),
    });
  }
  return out;
}

/**
 * The worker's compiled file. Run from TypeScript source (tsx: tests, bench), the worker is
 * still dist's build: tsx's loader does not carry over into worker threads on Node 20 (CJS
 * default imports such as wavefile's come out undefined), so `npm run build` must be current.
 */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return join(dirname(here), 'worker.js');
  const file = join(dirname(here), '..', '..', '..', 'dist', 'src', 'run', 'pool', 'worker.js');
  if (!existsSync(file))
    throw new UserError(`the worker pool needs the build (${file}); run npm run build`);
  return file;
}
