import { LocatedError } from '../errors.js';
import type { JsonlLine } from './jsonl.js';

/** One reference/hypothesis pair to score. `hyp` null: an errored unit (not scored). */
export interface Pair {
  readonly id: string;
  readonly ref: string;
  readonly hyp: string | null;
}

/**
 * Pairs from JSONL lines: `id` (or `unit`), `ref`/`reference`, `hyp`/`hypothesis`. Rows of
 * `utterances.jsonl` qualify as they are (their `unit` is used as the id, being unique).
 */
export function toPairs(file: string, lines: readonly JsonlLine[]): Pair[] {
  return lines.map(({ line, value }) => {
    const id = value['unit'] ?? value['id'];
    const ref = value['ref'] ?? value['reference'];
    const hyp = value['hyp'] !== undefined ? value['hyp'] : value['hypothesis'];
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new LocatedError(file, line, 1, 'missing "id" (a string)');
    }
    if (typeof ref !== 'string') {
      throw new LocatedError(file, line, 1, 'missing "ref" or "reference" (a string)');
    }
    if (hyp !== null && typeof hyp !== 'string') {
      throw new LocatedError(
        file,
        line,
        1,
        'missing "hyp" or "hypothesis" (a string, or null for a failed unit)',
      );
    }
    return { id: String(id), ref, hyp: hyp as string | null };
  });
}
