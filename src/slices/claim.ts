import { z } from 'zod';
import { LocatedError, UserErrors } from '../errors.js';
import { readInputText } from '../input/read-text.js';
import { reportSchemaIssue } from '../scenario/schema-issues.js';
import { parseYamlMapping } from '../scenario/yaml-read.js';
import { didYouMean } from '../text/closest.js';
import { yamlOffset } from '../text/yaml-offset.js';
import type { Predicate } from './evaluate.js';
import type { SliceSpace } from './space.js';

/**
 * A slice claim, as a tester submits it: which speakers (and, optionally, which condition,
 * engine or other context), and how much worse they fare than the other speakers there.
 *
 *   claim: Female speakers of accent b lose more words in babble
 *   slice: { accent: b, gender: female }
 *   condition: babble          # optional
 *   engine: pocketsphinx       # optional
 *   metric: degradation        # or clean-wer
 *   claimedExcess: 10          # WER points over the rest
 *   speakers: held-out         # the confirmation half of slices.json, or `all` (a fresh run)
 */
export const claimSchema = z.strictObject({
  claim: z.string().optional(),
  slice: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .refine((s) => Object.keys(s).length > 0, {
      message: 'name at least one label, e.g. { accent: b }',
    }),
  condition: z.string().optional(),
  engine: z.string().optional(),
  metric: z.enum(['degradation', 'clean-wer']).default('degradation'),
  claimedExcess: z
    .number()
    .positive()
    .meta({ description: 'WER points the slice fares worse than the rest' }),
  speakers: z.enum(['held-out', 'all']).default('held-out'),
});

export type Claim = z.output<typeof claimSchema>;

export interface LoadedClaim {
  readonly file: string;
  readonly claim: Claim;
  /** Where each slice key (and condition/engine) is written, for located errors. */
  readonly where: (key: string) => { line: number; column: number };
}

export async function loadClaim(file: string): Promise<LoadedClaim> {
  const text = await readInputText(file, 'claim file', 'yamlBytes');
  const { doc, problems, raw, lines } = parseYamlMapping(
    text,
    file,
    'claim',
    'slice and claimedExcess',
  );
  const parsed = claimSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      reportSchemaIssue(issue, problems.report, raw, (path) =>
        path.length === 0 ? Object.keys(claimSchema.shape) : [],
      );
    throw problems.error();
  }
  return {
    file,
    claim: parsed.data,
    where: (key) => {
      const offset = key.startsWith('slice.')
        ? yamlOffset(doc, ['slice'], key.slice(6))
        : yamlOffset(doc, [], key);
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    },
  };
}

/** The claim's predicates in a run's slice space; unknown names are located errors. */
export function claimSlice(loaded: LoadedClaim, space: SliceSpace): Predicate[] {
  const wanted: [string, string, string][] = [
    ...Object.entries(loaded.claim.slice).map(
      ([k, v]) => [k, String(v), `slice.${k}`] as [string, string, string],
    ),
  ];
  if (loaded.claim.condition) wanted.push(['condition', loaded.claim.condition, 'condition']);
  if (loaded.claim.engine) wanted.push(['engine', loaded.claim.engine, 'engine']);
  const problems: LocatedError[] = [];
  const predicates: Predicate[] = [];
  for (const [name, value, key] of wanted) {
    const { line, column } = loaded.where(key);
    const a = space.attributes.findIndex((x) => x.name === name);
    if (a < 0) {
      problems.push(
        new LocatedError(
          loaded.file,
          line,
          column,
          `this run has no label "${name}" that varies${didYouMean(
            name,
            space.attributes.map((x) => x.name),
          )}`,
        ),
      );
      continue;
    }
    const v = space.attributes[a].values.indexOf(value);
    if (v < 0) {
      problems.push(
        new LocatedError(
          loaded.file,
          line,
          column,
          `${name} has no value "${value}" in this run${didYouMean(value, space.attributes[a].values)}`,
        ),
      );
      continue;
    }
    predicates.push([a, v]);
  }
  if (problems.length)
    throw new UserErrors(problems, `${loaded.file}: the claim does not match the run`);
  if (!predicates.some(([a]) => space.attributes[a].kind === 'speaker'))
    throw new UserErrors(
      [
        new LocatedError(
          loaded.file,
          loaded.where('slice').line,
          loaded.where('slice').column,
          'the slice names no speaker label (accent, gender, …): a condition alone is not a group of speakers',
        ),
      ],
      `${loaded.file}: the claim names no group`,
    );
  return predicates.sort((x, y) => x[0] - y[0]);
}
