import type { ParamSetting } from './params.js';
import type { AnyPerturbation } from './types.js';

/** Where a step was written, so a rule broken at draw time names file:line:column. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One perturbation step of a condition's chain, its settings parsed and checked. */
export interface Step {
  readonly perturbation: AnyPerturbation;
  readonly settings: Readonly<Record<string, ParamSetting>>;
  readonly position: SourcePosition;
}

export interface Condition {
  /** Unique within the scenario; a swept condition is named `base@var=value`. */
  readonly name: string;
  readonly description?: string;
  /** For swept conditions: the base name and the swept values, for severity curves. */
  readonly sweep?: {
    readonly base: string;
    readonly values: Readonly<Record<string, number | string>>;
  };
  readonly chain: readonly Step[];
}

/**
 * What the perturbation stage needs of a scenario: the seed that keys all randomness, the file
 * that relative paths are resolved against, and the conditions in file order (clean implicit).
 */
export interface SeededConditions {
  readonly file: string;
  readonly seed: number;
  readonly conditions: readonly Condition[];
}

/** The implicit baseline every run includes. */
export const CLEAN: Condition = {
  name: 'clean',
  description: 'The unperturbed clip (baseline)',
  chain: [],
};
