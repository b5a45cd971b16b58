import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { fsUserError, LocatedError } from '../errors.js';
import type { Condition, Step } from '../perturbation/chain.js';
import { DEFAULT_THRESHOLDS } from '../results/defaults.js';
import { scenarioSchema } from './schema.js';
import { reportSchemaIssue } from './schema-issues.js';
import { parseStep } from './step.js';
import { expandSweep, type Sweep } from './sweep.js';
import type { Scenario } from './types.js';
import { type YamlProblems, yamlProblems } from './yaml-problems.js';

/** Reads and checks a scenario file; every problem is reported with file:line:column. */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw fsUserError(e, file, 'file');
  }
  return parseScenario(text, file);
}

/** Alias uses one scenario may expand (the yaml library's maxAliasCount). */
export const MAX_YAML_ALIASES = 100;

/** Parses scenario YAML text; `file` names it in messages. */
export function parseScenario(text: string, file: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = yamlProblems(doc, lines, file);
  for (const e of doc.errors) problems.at(e.pos[0], `YAML syntax: ${e.message.split('\n')[0]}`);
  if (problems.count) throw problems.error();

  if (doc.contents === null)
    throw new LocatedError(
      file,
      1,
      1,
      'the scenario is empty (expected name, seed and conditions)',
    );
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    // The yaml library refuses alias expansion past the limit (a "billion laughs" file).
    throw new LocatedError(
      file,
      1,
      1,
      `YAML aliases expand past ${MAX_YAML_ALIASES} uses (${(e as Error).message.split('\n')[0]}); write the values out`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.report(
      [],
      'a scenario is a mapping with name, conditions and optionally description, seed, thresholds',
    );
    throw problems.error();
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportSchemaIssue(issue, problems.report);
  }
  // Steps are checked even when the outer structure has problems, so one pass shows them all.
  const conditions = parseConditions((raw as { conditions?: unknown }).conditions, problems);
  if (problems.count || !parsed.success) throw problems.error();
  const input = parsed.data;
  return {
    file,
    name: input.name,
    description: input.description,
    seed: input.seed,
    conditions,
    thresholds: input.thresholds ?? DEFAULT_THRESHOLDS,
    ...(input.keywords && { keywords: resolve(dirname(resolve(file)), input.keywords) }),
  };
}

interface ConditionLike {
  name: string;
  description?: unknown;
  sweep?: Record<string, (number | string)[]>;
  chain: unknown[];
}

/** Every condition with its sweep expanded, in file order; names must be unique and not "clean". */
function parseConditions(rawConditions: unknown, problems: YamlProblems): Condition[] {
  const conditions: Condition[] = [];
  const seen = new Map<string, number>();
  if (!Array.isArray(rawConditions)) return conditions;
  rawConditions.forEach((c, ci) => {
    if (!isConditionLike(c)) return;
    for (const point of expandSweep(c.name, c.sweep)) {
      const namePath = ['conditions', ci, 'name'];
      if (point.name === 'clean') {
        problems.report(namePath, '"clean" is the implicit baseline; choose another name');
        continue;
      }
      const earlier = seen.get(point.name);
      if (earlier !== undefined) {
        problems.report(
          namePath,
          `duplicate condition name "${point.name}" (also condition ${earlier + 1})`,
        );
        continue;
      }
      seen.set(point.name, ci);
      const chain: Step[] = [];
      c.chain.forEach((stepRaw, si) => {
        if (stepRaw === null || typeof stepRaw !== 'object' || Array.isArray(stepRaw)) return; // reported by the schema
        const path = ['conditions', ci, 'chain', si];
        const step = parseStep(stepRaw as Record<string, unknown>, {
          path,
          sweep: c.sweep as Sweep | undefined,
          point,
          problems,
        });
        if (step) chain.push(step);
      });
      conditions.push({
        name: point.name,
        ...(typeof c.description === 'string' && { description: c.description }),
        ...(c.sweep && { sweep: { base: c.name, values: point.values } }),
        chain,
      });
    }
  });
  return conditions;
}

function isConditionLike(c: unknown): c is ConditionLike {
  if (c === null || typeof c !== 'object') return false;
  const o = c as Record<string, unknown>;
  const sweepOk =
    o.sweep === undefined ||
    (o.sweep !== null &&
      typeof o.sweep === 'object' &&
      Object.values(o.sweep).every(
        (v) => Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'string'),
      ));
  return typeof o.name === 'string' && Array.isArray(o.chain) && sweepOk;
}
