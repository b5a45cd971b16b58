import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { dispatchOptionsShape } from '../engines/dispatch-options.js';
import { fsUserError, LocatedError, UserErrors } from '../errors.js';
import { gatesSchema } from '../report/gates/schema.js';
import { DEFAULT_GROUP_BY, DEFAULT_MAX_ERROR_RATE } from '../results/defaults.js';
import { thresholdsSchema } from '../scenario/schema.js';
import { didYouMean } from '../text/closest.js';
import { costSchema } from './cost-schema.js';

const engineEntry = z.union([
  z.string().min(1).meta({
    description:
      'Engine id: pocketsphinx, openai:<base-url>, deepgram[:model], aws-transcribe[:lang], command:<argv with {audio}>, file:<module>',
  }),
  z
    .strictObject({
      id: z.string().min(1).meta({ description: 'Engine id (as on the command line)' }),
      config: z
        .record(
          z.string(),
          z.union([
            z.string(),
            z.number(),
            z.boolean(),
            z.array(z.union([z.string(), z.number()])),
          ]),
        )
        .optional()
        .meta({
          description:
            'Engine options (model, language, apiKeyEnv, …); never secrets — name an environment variable instead',
        }),
      ...dispatchOptionsShape(),
    })
    .meta({ description: 'An engine with its options' }),
]);

/** Files a run can write besides utterances.jsonl and run.json (the reports: src/report/write.ts). */
export const OUTPUTS = [
  'summary.json',
  'report.html',
  'report.md',
  'junit.xml',
  'alignments',
] as const;

/** The suite file: one YAML naming everything a nightly run needs. */
export const suiteSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
      .meta({ description: 'Suite name; the default output folder is results/<name>-<date>' }),
    description: z.string().optional(),
    corpus: z.string().min(1).meta({
      description: 'Corpus manifest (JSONL, CSV or Common Voice TSV), relative to this file',
    }),
    scenarios: z
      .array(z.string().min(1))
      .min(1)
      .meta({ description: 'Scenario YAML files, relative to this file' }),
    engines: z
      .array(engineEntry)
      .min(1)
      .default(['pocketsphinx'])
      .meta({ description: 'Engines every unit is sent to' }),
    groupBy: z
      .string()
      .min(1)
      .default(DEFAULT_GROUP_BY)
      .meta({ description: 'Manifest label the statistics group by' }),
    limit: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Use at most this many clips (spread over the groups)' }),
    concurrency: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Overrides every engine’s concurrency' }),
    cache: z
      .boolean()
      .default(true)
      .meta({ description: 'Reuse transcripts of identical calls (engine + config + audio)' }),
    out: z.string().optional().meta({
      description: 'Output folder, relative to the working directory; {date} becomes YYYYMMDD',
    }),
    thresholds: thresholdsSchema
      .partial()
      .optional()
      .meta({ description: 'Overrides the scenarios’ thresholds' }),
    outputs: z.array(z.enum(OUTPUTS)).default(['summary.json']).meta({
      description:
        'Files written after the run besides utterances.jsonl and run.json (alignments: alignments.pra and alignments.jsonl)',
    }),
    gates: gatesSchema.optional().meta({
      description:
        'Pass/fail rules with levels, as Lighthouse CI assertions (see docs/reports.md); rules left out keep their defaults',
    }),
    claims: z.array(z.string().min(1)).optional().meta({
      description:
        'Accepted slice claims (YAML, relative to this file; see docs/outside-testers.md), re-tested on every run with all its speakers',
    }),
    maxErrorRate: z
      .number()
      .min(0)
      .max(1)
      .default(DEFAULT_MAX_ERROR_RATE)
      .meta({ description: 'Exit non-zero when more than this fraction of units failed' }),
    keywords: z.string().min(1).optional().meta({
      description:
        'Keyword list (one term per line), relative to this file; replaces the scenarios’ lists. Each group gets a keyword error rate with a verdict',
    }),
    cost: costSchema.optional().meta({
      description:
        'Spending limits checked before any paid engine call (lastmile plan shows the estimate)',
    }),
  })
  .meta({
    title: 'lastmile suite',
    description: 'Corpus, engines, scenarios, thresholds and outputs of one run',
  });

export type SuiteInput = z.input<typeof suiteSchema>;
export type SuiteEngine = z.output<typeof engineEntry>;

/** A suite with its paths resolved against the suite file's folder. */
export interface Suite
  extends Omit<z.output<typeof suiteSchema>, 'corpus' | 'scenarios' | 'claims' | 'keywords'> {
  readonly claims?: string[];
  readonly file: string;
  readonly corpus: string;
  readonly scenarios: string[];
  /** Resolved against the suite's folder. */
  readonly keywords?: string;
}

export const SUITE_SCHEMA_PATH = 'schemas/suite.schema.json';

/** JSON Schema (draft-07, for yaml-language-server) of the suite file, as committed. */
export function suiteSchemaText(): string {
  const json = z.toJSONSchema(suiteSchema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
  });
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Reads and checks a suite file; problems are reported as file:line:column. */
export async function loadSuite(file: string): Promise<Suite> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw fsUserError(e, file, 'suite file');
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (offset: number, message: string) => {
    const { line, col } = lines.linePos(offset);
    return new LocatedError(file, line, col, message);
  };
  if (doc.errors.length)
    throw new UserErrors(
      doc.errors.map((e) => at(e.pos[0], `YAML syntax: ${e.message.split('\n')[0]}`)),
      `${file}: not valid YAML`,
    );
  const parsed = suiteSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      let node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      if (issue.code === 'unrecognized_keys') {
        const parent = doc.getIn(path, true);
        const key = isMap(parent)
          ? parent.items.find(
              (p) => String((p.key as { value?: unknown })?.value) === issue.keys[0],
            )?.key
          : undefined;
        node = (key as typeof node) ?? node;
      }
      const offset = node?.range?.[0] ?? 0;
      const where = path.length ? `${path.join('.')}: ` : '';
      const hint =
        issue.code === 'unrecognized_keys' && path.length === 0
          ? didYouMean(issue.keys[0], Object.keys(suiteSchema.shape))
          : '';
      return at(offset, `${where}${issue.message}${hint}`);
    });
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new UserErrors(
      errors,
      `${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'} in the suite`,
    );
  }
  const dir = dirname(resolve(file));
  return {
    ...parsed.data,
    file,
    corpus: resolve(dir, parsed.data.corpus),
    scenarios: parsed.data.scenarios.map((s) => resolve(dir, s)),
    ...(parsed.data.claims && { claims: parsed.data.claims.map((c) => resolve(dir, c)) }),
    ...(parsed.data.keywords && { keywords: resolve(dir, parsed.data.keywords) }),
    ...(parsed.data.cost?.prices && {
      cost: { ...parsed.data.cost, prices: resolve(dir, parsed.data.cost.prices) },
    }),
  };
}
