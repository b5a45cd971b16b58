import type { Audio } from '../audio/types.js';
import type { ClipRef, CorpusAccess } from '../corpus/types.js';
import type { Rng } from '../rng.js';
import type { ParamSpecs, ParamValues } from './params.js';

/** What a perturbation may use besides the audio and its parameters. */
export interface PerturbContext {
  /** The only source of randomness; keyed by (scenario seed, condition, clip, step). */
  readonly rng: Rng;
  readonly clip: ClipRef;
  /** Resolves a path written in a scenario (relative to the scenario file). */
  resolvePath(path: string): string;
  /** Other clips of the corpus, for kinds that mix in other speakers. */
  readonly corpus?: CorpusAccess;
  /** Records a derived figure on the result row (e.g. the noise level actually applied). */
  note(key: string, value: number | string | boolean): void;
  /**
   * Adds a value the kind drew inside `apply` (where it put inserted silence, say) to the
   * step's recorded parameters, so the row holds everything needed to replay or map the clip.
   */
  drawn?(key: string, value: number | string | boolean): void;
  /**
   * Set by `intermittent` for its inner step: the sample ranges [start, end) whose output it
   * uses. A kind may leave the other samples unfinished (a mix only where it is heard); every
   * sample inside them must be what it would be without this.
   */
  readonly onlyIn?: readonly (readonly [number, number])[];
}

/**
 * One kind of acoustic condition: one file in `perturbations/`. `apply` is pure: given the
 * same audio, values and rng key it returns bit-identical samples; it never mutates its input
 * and returns audio of the same rate and (unless `changesLength`) the same length, time-aligned with the input (delays such as
 * a codec's are compensated inside the kind).
 */
export interface Perturbation<S extends ParamSpecs = ParamSpecs> {
  /** The YAML key, equal to the file name. */
  readonly name: string;
  /** One line for `lastmile list` and the README table. */
  readonly summary: string;
  /** How levels or SNR are defined and any standard followed; shown by `lastmile list <kind>`. */
  readonly details?: string;
  readonly params: S;
  /**
   * True for the one kind allowed to change a clip's length (`silence`, which inserts time):
   * it must record what it inserted through `context.drawn`, so clean and perturbed audio can
   * be mapped onto each other. `lastmile validate` names the conditions that use such a kind.
   */
  readonly changesLength?: boolean;
  /** Rules across parameters; returns a sentence per violation. */
  check?(values: ParamValues<S>): readonly string[];
  apply(
    audio: Audio,
    values: ParamValues<S>,
    context: PerturbContext,
  ): PerturbedAudio | Promise<PerturbedAudio>;
}

/**
 * What `apply` returns: the audio, and, when the kind took it while writing the samples, their
 * peak (max |sample|), so that the pipeline's level check needs no pass over the clip of its
 * own. A kind that gives `peak` must give exactly peak(samples) (test/perturbations/peak.test.ts
 * holds every built-in condition's steps to it).
 */
export interface PerturbedAudio extends Audio {
  readonly peak?: number;
}

export type AnyPerturbation = Perturbation<ParamSpecs>;

/** Declares a kind with its parameter types inferred from `params`. */
export function definePerturbation<const S extends ParamSpecs>(
  p: Perturbation<S>,
): Perturbation<S> {
  return p;
}
