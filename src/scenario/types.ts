import type { SeededConditions } from '../perturbation/chain.js';
import type { Thresholds } from '../results/defaults.js';

export type { Thresholds };

/** A parsed scenario file: its conditions (clean implicit, not listed) and what decides a verdict. */
export interface Scenario extends SeededConditions {
  readonly name: string;
  readonly description: string;
  readonly thresholds: Thresholds;
  /** The keyword list file, resolved against the scenario's folder. */
  readonly keywords?: string;
}
