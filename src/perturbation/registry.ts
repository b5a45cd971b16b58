import { perturbations } from '../../perturbations/index.js';
import { UserError } from '../errors.js';
import { didYouMean } from '../text/closest.js';
import type { AnyPerturbation } from './types.js';

const byName = new Map(perturbations.map((p) => [p.name, p]));

export function perturbationNames(): string[] {
  return [...byName.keys()];
}

export function findPerturbation(name: string): AnyPerturbation | undefined {
  return byName.get(name);
}

/** The kind called `name`, or a user error naming the nearest known kind. */
export function getPerturbation(name: string): AnyPerturbation {
  const p = byName.get(name);
  if (!p) {
    throw new UserError(
      `unknown perturbation "${name}"${didYouMean(name, perturbationNames())}; known: ${perturbationNames().join(', ')}`,
    );
  }
  return p;
}

export { perturbations };
