import { dirname, resolve } from 'node:path';
import { readInputText } from '../input/read-text.js';
import type { Condition, Step } from '../perturbation/chain.js';
import { DEFAULT_THRESHOLDS } from '../results/defaults.js';
import { checkScenarioFiles } from './files.js';
import { scenarioSchema } from './schema.js';
import { type KnownKeys, reportSchemaIssue } from './schema-issues.js';
import { parseStep } from './step.js';
import { expandSweep, type Sweep, unusedSweepVariables } from './sweep.js';
import type { FileRef, Scenario } from './types.js';
import type { YamlProblems } from './yaml-problems.js';
import { parseYamlMapping } from './yaml-read.js';

export { MAX_YAML_ALIASES } from './yaml-read.js';

/**
 * Reads and checks a scenario file; every problem is reported with file:line:column, including
 * files it names (noise beds, impulse responses, EQ tables) that are missing or outside its folder.
 */
export async function loadScenario(file: string): Promise<Scenario> {
  const scenario = parseScenario(await readInputText(file, 'file', 'yamlBytes'), file);
  await checkScenarioFiles(scenario);
  return scenario;
}

const EXPECTED = 'name, seed and conditions';

/** Parses scenario YAML text; `file` names it in messages. Files it names are not opened here. */
export function parseScenario(text: string, file: string): Scenario {
  const { problems, raw } = parseYamlMapping(text, file, 'scenario', EXPECTED);
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      reportSchemaIssue(issue, problems.report, raw, knownKeysAt);
  }
  // Steps are checked even when the outer structure has problems, so one pass shows them all.
  const files: FileRef[] = [];
  const warnings: string[] = [];
  const conditions = parseConditions(raw.conditions, problems, files, warnings);
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
    files,
    filesOutside: input.allowFilesOutside,
    warnings,
  };
}

/** Keys allowed at a path of the scenario's structure, for suggestions. */
const knownKeysAt: KnownKeys = (path) => {
  const shape = (s: unknown) => Object.keys((s as { shape: Record<string, unknown> }).shape);
  if (path.length === 0) return shape(scenarioSchema);
  if (path[0] === 'thresholds') return ['excessDegradation', 'alpha', 'failOn'];
  if (path[0] === 'conditions') return ['name', 'description', 'sweep', 'chain'];
  return [];
};

interface ConditionLike {
  name: string;
  description?: unknown;
  sweep?: Record<string, (number | string)[]>;
  chain: unknown[];
}

/** Every condition with its sweep expanded, in file order; names must be unique and not "clean". */
function parseConditions(
  rawConditions: unknown,
  problems: YamlProblems,
  files: FileRef[],
  warnings: string[],
): Condition[] {
  const conditions: Condition[] = [];
  const seen = new Map<string, number>();
  if (!Array.isArray(rawConditions)) return conditions;
  rawConditions.forEach((c, ci) => {
    if (!isConditionLike(c)) return;
    for (const variable of unusedSweepVariables(c.sweep, c.chain)) {
      const { file, line, column } = problems.position(['conditions', ci, 'sweep', variable]);
      warnings.push(
        `${file}:${line}:${column} conditions[${ci}].sweep.${variable}: no step uses $${variable}, so its values only repeat the same condition`,
      );
    }
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
          files,
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
