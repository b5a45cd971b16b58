import type { SeededConditions, SourcePosition } from '../perturbation/chain.js';
import type { Thresholds } from '../results/defaults.js';

export type { Thresholds };

/** A parsed scenario file: its conditions (clean implicit, not listed) and what decides a verdict. */
export interface Scenario extends SeededConditions {
  readonly name: string;
  readonly description: string;
  readonly thresholds: Thresholds;
  /** The keyword list file, resolved against the scenario's folder. */
  readonly keywords?: string;
  /** Files and folders the scenario names, where (checked by loadScenario). */
  readonly files?: readonly FileRef[];
  /** `allowFilesOutside: true`: those files may lie outside the scenario's folder. */
  readonly filesOutside?: boolean;
  /** Located notes that do not stop a run (an unused sweep variable), `file:line:column text`. */
  readonly warnings?: readonly string[];
}

/** A file or folder a scenario names (noise bed, impulse response, EQ table), where it is written. */
export interface FileRef {
  readonly value: string;
  readonly label: string;
  readonly position: SourcePosition;
}
