import type { AnyPerturbation } from '../src/perturbation/types.js';
import { bandpass } from './bandpass.js';
import { gain } from './gain.js';
import { hum } from './hum.js';
import { noise } from './noise.js';

/** Every perturbation kind, by YAML name. Adding a kind: one file here, one line below. */
export const perturbations: readonly AnyPerturbation[] = [
  gain,
  noise,
  hum,
  bandpass,
] as unknown as AnyPerturbation[];
