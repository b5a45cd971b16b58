import type { ParamSetting } from '../perturbation/params.js';
import type { AnyPerturbation } from '../perturbation/types.js';

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

export interface Thresholds {
  /** WER points a group's degradation may exceed the pooled degradation before it matters. */
  readonly excessDegradation: number;
  /** Family-wise error rate for the corrected tests. */
  readonly alpha: number;
  readonly failOn: 'disproportionate' | 'never';
}

export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** Conditions in file order; the clean baseline is implicit and not listed. */
  readonly conditions: readonly Condition[];
  readonly thresholds: Thresholds;
}

/** The implicit baseline every run includes. */
export const CLEAN: Condition = {
  name: 'clean',
  description: 'The unperturbed clip (baseline)',
  chain: [],
};
