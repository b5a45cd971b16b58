import { AudioReadError, readAudio } from '../../audio/read.js';
import { type Audio, DEFAULT_SAMPLE_RATE } from '../../audio/types.js';
import { corpusAccess, DEFAULT_BUDGET } from '../../corpus/access.js';
import type { Clip, CorpusAccess } from '../../corpus/types.js';
import { isUserError } from '../../errors.js';
import { loadScenario } from '../../scenario/load.js';
import { type KeywordList, KeywordMatcher } from '../../scoring/keywords.js';
import { getNormalizer, type Normalizer } from '../../scoring/normalize.js';
import { type HallucinationFound, scoreUnit } from '../../stats/aggregate.js';
import type { PlannedCondition } from '../plan.js';
import { planConditions } from '../plan.js';
import { unitAudio } from '../unit-audio.js';
import { clipsFrom } from './clip-channel.js';

/** What every worker is told once: where the scenarios and the corpus's clips are. */
export interface PoolSetup {
  readonly scenarioFiles: readonly string[];
  readonly clips: readonly Pick<Clip, 'id' | 'speaker' | 'audioPath'>[];
  /** A pool thread reads clips from the main thread's shared store on this channel (clip-channel.ts). */
  readonly clipChannel?: string;
}

/** One clip under some conditions: decode (cached), perturb, encode the 16-bit WAV, hash it. */
export interface PerturbTask {
  readonly kind: 'perturb';
  readonly clipId: string;
  /** Planned condition names (`scenario/cond` when the run has several scenarios). */
  readonly conditions: readonly string[];
}

export type PerturbResult =
  | {
      readonly ok: true;
      /** The canonical 16-bit WAV (its samples, not the float ones: see src/audio/wav16-audio.ts). */
      readonly wav: Uint8Array;
      readonly audioSha256: string;
      readonly params: readonly Record<string, unknown>[];
      readonly notes: Readonly<Record<string, unknown>>;
    }
  /** The clean clip cannot be read: its units are error units (missing data). */
  | { readonly ok: false; readonly unreadable: string }
  /** A mistake the user can fix (a scenario whose draw breaks a perturbation's rules). */
  | { readonly ok: false; readonly userError: string };

/**
 * Reference/hypothesis pairs to score with a normaliser and keyword list (src/stats
 * `scoreUnit`): SCORE_FIELDS counts per pair, and the hallucinations found.
 */
export interface ScoreTask {
  readonly kind: 'score';
  readonly normalizer: string;
  readonly keywords?: KeywordList;
  readonly pairs: readonly (readonly [reference: string, hypothesis: string])[];
}

export interface ScoreResult {
  /**
   * Per pair: reference words, hits, substitutions, deletions, insertions, reference
   * keywords, keyword errors, loop insertions, no-speech insertions.
   */
  readonly counts: Int32Array;
  /** The pairs with a hallucination example: [pair index, what was found]. */
  readonly found: readonly (readonly [number, HallucinationFound])[];
}

export type PoolTask = PerturbTask | ScoreTask;

/** The counts `ScoreTask` returns per pair (ScoreResult.counts). */
export const SCORE_FIELDS = 9;

/**
 * The pool's work, the same code in a worker thread and in the main thread: everything here
 * is a function of the task and the setup, with randomness keyed by (seed, condition, clip,
 * step), so results are bit-identical whichever thread runs a task and in whatever order.
 */
export class PoolWork {
  private conditions?: Promise<Map<string, PlannedCondition>>;
  private readonly clips: Map<string, PoolSetup['clips'][number]>;
  // Babble's talkers, from the pool's shared store in a worker thread.
  private readonly access: CorpusAccess;
  // Every condition of a clip decodes the same clean audio: keep the last few decoded. Not
  // through `access`: a run reads each clean clip for one stretch of tasks, and an LRU of
  // clean clips would fill its budget as the corpus grows (a 100,000-unit run of 5,000 short
  // clips peaked 30 % higher than a 10,000-unit one that way: bench/scale.ts).
  private readonly clean = new Map<string, Promise<Audio>>();
  private readonly normalizers = new Map<string, Normalizer>();
  // A run scores with one list: keep the last matcher built.
  private matcher?: { readonly key: string; readonly matcher: KeywordMatcher };

  constructor(private readonly setup: PoolSetup) {
    this.clips = new Map(setup.clips.map((c) => [c.id, c]));
    this.access = corpusAccess(
      setup.clips as Clip[],
      DEFAULT_SAMPLE_RATE,
      DEFAULT_BUDGET,
      setup.clipChannel === undefined ? undefined : clipsFrom(setup.clipChannel),
    );
  }

  run(task: PoolTask): Promise<PerturbResult[]> | ScoreResult {
    return task.kind === 'perturb' ? this.perturb(task) : this.score(task);
  }

  /** The task's conditions in order, one after the other (a task is one thread's work). */
  async perturb(task: PerturbTask): Promise<PerturbResult[]> {
    const out: PerturbResult[] = [];
    for (const condition of task.conditions)
      out.push(await this.perturbOne(task.clipId, condition));
    return out;
  }

  private async perturbOne(clipId: string, condition: string): Promise<PerturbResult> {
    const clip = this.clips.get(clipId);
    if (!clip) throw new Error(`pool: no clip ${clipId} in the setup`);
    const planned = (await this.plannedConditions()).get(condition);
    if (!planned) throw new Error(`pool: no condition ${condition} in the scenarios`);
    let clean: Audio;
    try {
      clean = await this.cleanAudio(clip.audioPath);
    } catch (e) {
      if (e instanceof AudioReadError) return { ok: false, unreadable: e.message };
      throw e;
    }
    try {
      const { perturbed, wav, audioSha256 } = await unitAudio(clip, planned, clean, this.access);
      const { params, notes } = perturbed;
      return { ok: true, wav, audioSha256, params, notes };
    } catch (e) {
      if (isUserError(e)) return { ok: false, userError: (e as Error).message };
      throw e;
    }
  }

  score(task: ScoreTask): ScoreResult {
    let normalizer = this.normalizers.get(task.normalizer);
    if (!normalizer) {
      normalizer = getNormalizer(task.normalizer);
      this.normalizers.set(task.normalizer, normalizer);
    }
    const matcher = task.keywords && this.matcherOf(task.keywords, normalizer);
    const counts = new Int32Array(task.pairs.length * SCORE_FIELDS);
    const found: [number, HallucinationFound][] = [];
    task.pairs.forEach(([reference, hypothesis], i) => {
      const {
        score: s,
        kinds: k,
        found: f,
      } = scoreUnit(normalizer.words(reference), normalizer.words(hypothesis), matcher);
      counts.set(
        [
          ...[s.refWords, s.hits, s.substitutions, s.deletions, s.insertions],
          ...[k.refKeywords, k.keywordErrors, k.loopInsertions, k.noSpeechInsertions],
        ],
        i * SCORE_FIELDS,
      );
      if (f) found.push([i, f]);
    });
    return { counts, found };
  }

  private matcherOf(list: KeywordList, normalizer: Normalizer): KeywordMatcher {
    const key = JSON.stringify([normalizer.id, list.terms]);
    if (this.matcher?.key !== key)
      this.matcher = { key, matcher: new KeywordMatcher(list, normalizer) };
    return this.matcher.matcher;
  }

  private plannedConditions(): Promise<Map<string, PlannedCondition>> {
    this.conditions ??= Promise.all(this.setup.scenarioFiles.map((f) => loadScenario(f))).then(
      (scenarios) => new Map(planConditions(scenarios).map((p) => [p.name, p])),
    );
    return this.conditions;
  }

  private cleanAudio(path: string): Promise<Audio> {
    const hit = this.clean.get(path);
    if (hit) return hit;
    const loading = readAudio(path);
    this.clean.set(path, loading);
    if (this.clean.size > 8) this.clean.delete(this.clean.keys().next().value as string);
    return loading;
  }
}
