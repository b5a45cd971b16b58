import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DISPATCH_KEYS, dispatchOptionsShape } from '../engines/dispatch-options.js';
import { readInputText } from '../input/read-text.js';
import { gatesSchema } from '../report/gates/schema.js';
import { DEFAULT_GROUP_BY, DEFAULT_MAX_ERROR_RATE } from '../results/defaults.js';
import { thresholdsSchema } from '../scenario/schema.js';
import { type KnownKeys, reportSchemaIssue } from '../scenario/schema-issues.js';
import { parseYamlMapping } from '../scenario/yaml-read.js';
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
      .max(1024)
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
  const text = await readInputText(file, 'suite file', 'yamlBytes');
  const { problems, raw } = parseYamlMapping(
    text,
    file,
    'suite',
    'name, corpus, scenarios and engines',
  );
  const parsed = suiteSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      reportSchemaIssue(issue, problems.report, raw, suiteKnownKeys);
    throw problems.error();
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

/** Keys allowed at a path of the suite's structure, for suggestions. */
const suiteKnownKeys: KnownKeys = (path) => {
  if (path.length === 0) return Object.keys(suiteSchema.shape);
  if (path[0] === 'engines' && path.length === 2) return ['id', 'config', ...DISPATCH_KEYS];
  return [];
};
