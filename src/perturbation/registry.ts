import { UserError } from '../errors.js';
import { didYouMean } from '../text/closest.js';
import type { AnyPerturbation } from './types.js';

/** Looks a kind up by its YAML name; how wrapper kinds such as intermittent find their inner step. */
export type FindPerturbation = (name: string) => AnyPerturbation | undefined;

export interface PerturbationRegistry {
  /** Every kind, in the order `lastmile list` and the README show them. */
  readonly perturbations: readonly AnyPerturbation[];
  perturbationNames(): string[];
  findPerturbation: FindPerturbation;
  /** The kind called `name`, or a user error naming the nearest known kind. */
  getPerturbation(name: string): AnyPerturbation;
}

/**
 * A lookup over a list of kinds. The list itself lives with the plug-ins
 * (`perturbations/index.ts`), so this framework never imports them.
 */
export function createRegistry(perturbations: readonly AnyPerturbation[]): PerturbationRegistry {
  const byName = new Map(perturbations.map((p) => [p.name, p]));
  const perturbationNames = () => [...byName.keys()];
  return {
    perturbations,
    perturbationNames,
    findPerturbation: (name) => byName.get(name),
    getPerturbation(name) {
      const p = byName.get(name);
      if (!p) {
        throw new UserError(
          `unknown perturbation "${name}"${didYouMean(name, perturbationNames())}; known: ${perturbationNames().join(', ')}`,
        );
      }
      return p;
    },
  };
}
