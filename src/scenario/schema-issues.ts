import type { z } from 'zod';
import { didYouMean } from '../text/closest.js';
import { scenarioSchema } from './schema.js';
import type { PathKey, Report } from './yaml-problems.js';

/** Reports a schema issue of the scenario's outer structure as a sentence at its place. */
export function reportSchemaIssue(issue: z.core.$ZodIssue, report: Report): void {
  const path = issue.path as PathKey[];
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(path);
    for (const key of issue.keys)
      report(
        path,
        `unknown key "${key}"${didYouMean(key, known)}; expected ${known.join(', ')}`,
        key,
      );
    return;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    report(path.slice(0, -1), `missing required key "${String(path[path.length - 1])}"`);
    return;
  }
  report(path, issue.message.replace(/^Invalid input: /, ''));
}

/** Keys allowed at a path of the top-level structure, for suggestions. */
function knownKeysAt(path: readonly PathKey[]): string[] {
  const shape = (s: unknown) => Object.keys((s as { shape: Record<string, unknown> }).shape);
  if (path.length === 0) return shape(scenarioSchema);
  if (path[0] === 'thresholds') return ['excessDegradation', 'alpha', 'failOn'];
  if (path[0] === 'conditions') return ['name', 'description', 'sweep', 'chain'];
  return [];
}
