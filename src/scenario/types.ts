import type { SeededConditions } from '../perturbation/chain.js';

export interface Thresholds {
  /** WER points a group's degradation may exceed the pooled degradation before it matters. */
  readonly excessDegradation: number;
  /** Family-wise error rate for the corrected tests. */
  readonly alpha: number;
  readonly failOn: 'disproportionate' | 'never';
}

/** A parsed scenario file: its conditions (clean implicit, not listed) and what decides a verdict. */
export interface Scenario extends SeededConditions {
  readonly name: string;
  readonly description: string;
  readonly thresholds: Thresholds;
}
