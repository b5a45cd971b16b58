import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { DEFAULT_MAX_ERROR_RATE, DEFAULT_THRESHOLDS } from '../results/defaults.js';
import { runFolder } from '../results/folder.js';
import { type RunJson, readRunJson } from '../results/run-json.js';
import { type GateRule, gatesSchema, resolveGates } from './gates/schema.js';

/**
 * What the report says about how a run was made, from its run.json (any version: every field
 * is optional, because a report must still open for an old or partial folder) and the
 * scenario files it names, when they are still there and unchanged.
 */
export interface RunContext {
  readonly id: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly status?: string;
  readonly tool?: string;
  readonly platform?: string;
  readonly suite?: { readonly name: string; readonly file: string };
  readonly corpus: {
    readonly manifest?: string;
    readonly sha256?: string;
    readonly clips?: number;
    readonly selected?: number;
    readonly limit?: number;
  };
  readonly scenarios: readonly ScenarioContext[];
  readonly engines: readonly { readonly id: string; readonly version?: string }[];
  readonly units?: { readonly total: number; readonly done: number; readonly errors: number };
  readonly gates: readonly GateRule[];
  /** Where the gates came from: the suite's `gates:`, or the thresholds' defaults. */
  readonly gatesSource: string;
  readonly command?: readonly string[];
}

export interface ScenarioContext {
  readonly name: string;
  readonly file?: string;
  readonly seed?: number;
  readonly sha256?: string;
  readonly conditions: readonly string[];
  readonly description?: string;
  /** The scenario's YAML as run, when the file is there with the recorded hash. */
  readonly text?: string;
  /** Why the text is missing (file gone or changed since the run). */
  readonly textMissing?: string;
}

/**
 * The context of a run folder from its run.json, read through src/results (a folder without
 * one gets a context from its name alone; a run.json lastmile did not write is refused there).
 */
export async function readRunContext(dir: string): Promise<RunContext> {
  const folder = runFolder(dir);
  return runContextOf(dir, await readRunJson(folder.runJson), folder.runJson);
}

export async function runContextOf(
  dir: string,
  run: RunJson | undefined,
  path: string,
): Promise<RunContext> {
  const { gates, source } = gatesOf(run, path);
  return {
    id: basename(resolve(dir)),
    ...(run && {
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
      status: run.status,
      tool: run.tool.version,
      platform: run.platform,
      units: run.units,
    }),
    ...(run?.suite && { suite: run.suite }),
    corpus: run
      ? {
          manifest: run.corpus.manifest,
          sha256: run.corpus.sha256,
          clips: run.corpus.clips,
          selected: run.corpus.selected,
          ...(run.corpus.limit !== undefined && { limit: run.corpus.limit }),
        }
      : {},
    scenarios: await Promise.all((run?.scenarios ?? []).map((s) => scenarioContext(s))),
    engines: (run?.engines ?? []).map((e) => ({ id: e.id, version: e.version })),
    gates,
    gatesSource: source,
    ...(run?.command && { command: run.command }),
  };
}

function gatesOf(run: RunJson | undefined, path: string): { gates: GateRule[]; source: string } {
  const thresholds = run?.thresholds ?? DEFAULT_THRESHOLDS;
  const maxErrorRate = run?.maxErrorRate ?? DEFAULT_MAX_ERROR_RATE;
  let gates: z.output<typeof gatesSchema> | undefined;
  if (run?.gates !== undefined) {
    const parsed = gatesSchema.safeParse(run.gates);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`${path}: gates.${issue.path.join('.')}: ${issue.message}`);
    }
    gates = parsed.data;
  }
  return {
    gates: resolveGates(gates, thresholds.failOn, maxErrorRate),
    source: gates
      ? 'the suite’s gates (recorded in run.json), with defaults for the rules it leaves out'
      : `defaults (disproportionate at ${thresholds.failOn === 'never' ? 'warn, as failOn is never' : 'error'}; error units above ${(100 * maxErrorRate).toFixed(0)} % at error)`,
  };
}

async function scenarioContext(s: RunJson['scenarios'][number]): Promise<ScenarioContext> {
  const { file, sha256 } = s;
  const base = { name: s.name, file, seed: s.seed, sha256, conditions: s.conditions };
  if (!file) return { ...base, textMissing: 'run.json does not name the scenario file' };
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return { ...base, textMissing: `${file} is no longer there` };
  }
  if (sha256 && createHash('sha256').update(bytes).digest('hex') !== sha256)
    return { ...base, textMissing: `${file} changed since the run (its hash differs)` };
  const text = bytes.toString('utf8');
  return { ...base, text, description: descriptionOf(text) };
}

/** The scenario's `description:`; undefined when the YAML does not parse (the text is still shown). */
function descriptionOf(yamlText: string): string | undefined {
  try {
    const doc = parseYaml(yamlText) as { description?: unknown } | null;
    return typeof doc?.description === 'string' ? doc.description.trim() : undefined;
  } catch {
    return undefined;
  }
}
