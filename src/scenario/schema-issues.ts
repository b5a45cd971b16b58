import type { z } from 'zod';
import { describe } from '../perturbation/params.js';
import { didYouMean } from '../text/closest.js';
import type { PathKey, Report } from './yaml-problems.js';

/** Keys allowed at a path of a file's structure, for "did you mean" suggestions. */
export type KnownKeys = (path: readonly PathKey[]) => string[];

/**
 * Reports a schema issue of a YAML file's structure (scenario or suite) as a sentence at its
 * place. `raw` is the parsed file: a key that is present with the wrong type is told apart from
 * a missing one, and the value found is named.
 */
export function reportSchemaIssue(
  issue: z.core.$ZodIssue,
  report: Report,
  raw: unknown,
  knownKeysAt: KnownKeys,
  prefix: readonly PathKey[] = [],
): void {
  const path = [...prefix, ...(issue.path as PathKey[])];
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(path);
    for (const key of issue.keys)
      report(
        path,
        `unknown key "${key}"${didYouMean(key, known)}${known.length ? `; expected ${known.join(', ')}` : ''}`,
        key,
      );
    return;
  }
  const found = valueAt(raw, path);
  if (issue.code === 'invalid_type' && !found.present) {
    report(path.slice(0, -1), `missing required key "${String(path[path.length - 1])}"`);
    return;
  }
  if (issue.code === 'invalid_type') {
    report(path, `expected ${typeName(issue.expected)}, got ${describe(found.value)}`);
    return;
  }
  if (issue.code === 'invalid_union') {
    // Report the alternative whose shape matches what was written (a mapping, not a name).
    const branch =
      issue.errors.find((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0)) ??
      issue.errors[0];
    if (
      branch &&
      !(branch.length === 1 && branch[0].path.length === 0 && issue.errors.length > 1)
    ) {
      for (const inner of branch) reportSchemaIssue(inner, report, raw, knownKeysAt, path);
      return;
    }
    const kinds = issue.errors
      .map((b) => (b[0] as { expected?: string } | undefined)?.expected)
      .filter(Boolean);
    report(
      path,
      `expected ${[...new Set(kinds)].map((k) => typeName(k as string)).join(' or ')}, got ${describe(found.value)}`,
    );
    return;
  }
  if ((issue.code === 'too_small' || issue.code === 'too_big') && typeof found.value === 'number') {
    const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
    const sign =
      issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
    report(path, `must be ${sign} ${String(bound)}, got ${found.value}`);
    return;
  }
  if (issue.code === 'too_small' && Array.isArray(found.value)) {
    report(
      path,
      `must list at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}, got none`,
    );
    return;
  }
  report(path, issue.message.replace(/^Invalid input: /, ''));
}

function valueAt(raw: unknown, path: readonly PathKey[]): { present: boolean; value?: unknown } {
  let node: unknown = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key))
      return { present: false };
    node = (node as Record<PathKey, unknown>)[key];
  }
  return { present: node !== undefined, value: node };
}

/** zod's type names in the words the rest of lastmile's messages use. */
function typeName(expected: string): string {
  const words: Record<string, string> = {
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
  };
  return words[expected] ?? `a ${expected}`;
}
