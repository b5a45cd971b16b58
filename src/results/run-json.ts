import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { redact } from '../engines/secrets.js';
import { fsUserError, LocatedError, UserError } from '../errors.js';

const dispatchStatsSchema = z.object({
  calls: z.number(),
  retries: z.number(),
  cacheHits: z.number(),
  successes: z.number(),
  failures: z.number(),
  failuresByReason: z.record(z.string(), z.number()),
});

const sessionSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Units found done from earlier sessions. */
  resumed: z.number().int().min(0),
  /** Units finished by this session (error units included). */
  ran: z.number().int().min(0),
  stats: z.record(z.string(), dispatchStatsSchema).optional(),
});

const engineSchema = z.looseObject({
  id: z.string(),
  version: z.string(),
  /** Model files and whatever else decides the engine's output, when the engine states it. */
  identity: z.unknown().optional(),
  config: z.record(z.string(), z.unknown()),
  concurrency: z.number(),
  timeoutMs: z.number(),
  retries: z.number(),
  rps: z.number().optional(),
});

/**
 * run.json: what a run folder was made from (inputs' hashes, versions, seeds, thresholds) and
 * the sessions that built it. Written by `run` at the start and end of every session; read
 * by a resume (which must match `fingerprint`) and by `stats` (thresholds, condition order).
 */
export const runJsonSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('lastmile'), version: z.string() }),
  node: z.string(),
  platform: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: z.enum(['running', 'complete', 'interrupted', 'failed']),
  /** sha256 over corpus, scenario files and engine configs: a resume must match it. */
  fingerprint: z.string(),
  command: z.array(z.string()).optional(),
  suite: z.object({ file: z.string(), name: z.string() }).optional(),
  corpus: z.looseObject({
    manifest: z.string(),
    format: z.string(),
    sha256: z.string(),
    clips: z.number().int(),
    selected: z.number().int(),
    limit: z.number().optional(),
    groupBy: z.string().optional(),
    skipped: z.array(z.string()).optional(),
  }),
  scenarios: z.array(
    z.object({
      file: z.string(),
      name: z.string(),
      sha256: z.string(),
      seed: z.number(),
      conditions: z.array(z.string()),
    }),
  ),
  /**
   * Set when the folder is one slice of a sharded run (`--shard index/count`): `clips` of the
   * selection's `corpus.selected` are in it. `fingerprint` is the same for every shard, so
   * `merge` can tell shards of one run from shards of another.
   */
  shard: z
    .object({
      index: z.number().int().min(1),
      count: z.number().int().min(1),
      clips: z.number().int().min(0),
    })
    .optional(),
  /** Planned condition names, clean first, in plan order. */
  conditions: z.array(z.string()),
  engines: z.array(engineSchema),
  /** The codecs the scenarios use: library, version and build hash (src/codecs). */
  codecs: z
    .array(
      z.object({ codec: z.string(), kind: z.string(), library: z.string(), build: z.string() }),
    )
    .optional(),
  cache: z.object({ enabled: z.boolean(), dir: z.string().optional() }),
  thresholds: z.object({
    excessDegradation: z.number(),
    alpha: z.number(),
    failOn: z.enum(['disproportionate', 'never']),
  }),
  outputs: z.array(z.string()),
  /** The suite's `gates:` as written (checked by src/report/gates/schema.ts when read). */
  gates: z.unknown().optional(),
  /** Fraction of error units above which the run fails (the default errorRate gate). */
  maxErrorRate: z.number().optional(),
  /** The keyword list the statistics test (its terms, so the folder is analysed the same later). */
  keywords: z.object({ source: z.string(), terms: z.array(z.string()) }).optional(),
  units: z.object({
    total: z.number().int(),
    done: z.number().int(),
    errors: z.number().int(),
  }),
  sessions: z.array(sessionSchema),
});

export type RunJson = z.infer<typeof runJsonSchema>;
export type RunSession = z.infer<typeof sessionSchema>;

/**
 * Reads and validates a run.json; undefined when there is none. Anything else there (bad
 * JSON, another program's file, a field of the wrong type) is a user error naming the file,
 * so a folder that is not a lastmile run is never resumed or analysed as one.
 */
export async function readRunJson(path: string): Promise<RunJson | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fsUserError(e, path);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const { line, column } = at ? lineColumn(text, Number(at[1])) : { line: 1, column: 1 };
    throw new LocatedError(path, line, column, `not valid JSON: ${(e as Error).message}`);
  }
  const parsed = runJsonSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `${path}: not a run.json written by lastmile (${issue.path.join('.') || 'file'}: ${issue.message}); use another --out folder, or delete this one to start over`,
    );
  }
  return parsed.data;
}

/** Writes run.json atomically (a kill leaves the old or the new file, never half of one), redacted. */
export async function writeRunJson(path: string, json: RunJson): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, `${redact(JSON.stringify(json, null, 2))}\n`);
  await rename(temp, path);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
