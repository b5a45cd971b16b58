import { readFile } from 'node:fs/promises';
import { type Document, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { findPerturbation, perturbationNames } from '../../perturbations/index.js';
import { LocatedError, UserError, UserErrors } from '../errors.js';
import type { Condition, Step } from '../perturbation/chain.js';
import { describe, type ParamSetting, parseScalar } from '../perturbation/params.js';
import { didYouMean } from '../text/closest.js';
import { SWEEP_REF, scenarioSchema } from './schema.js';
import type { Scenario } from './types.js';

type PathKey = string | number;

/** Reads and checks a scenario file; every problem is reported with file:line:column. */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: ${code === 'ENOENT' ? 'file not found' : String(e)}`);
  }
  return parseScenario(text, file);
}

/** Parses scenario YAML text; `file` names it in messages. */
export function parseScenario(text: string, file: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errors: LocatedError[] = [];
  const at = (offset: number, message: string) => {
    const { line, col } = lines.linePos(offset);
    errors.push(new LocatedError(file, line, col, message));
  };
  for (const e of doc.errors) at(e.pos[0], `YAML syntax: ${e.message.split('\n')[0]}`);
  if (errors.length) throw collect(errors, file);

  const locate = (path: readonly PathKey[], key?: string) => at(offsetOf(doc, path, key), '');
  const report = (path: readonly PathKey[], message: string, key?: string) => {
    locate(path, key);
    const last = errors[errors.length - 1];
    errors[errors.length - 1] = new LocatedError(
      file,
      last.line,
      last.column,
      `${pathText(path, key)}${message}`,
    );
  };

  const raw = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    report(
      [],
      'a scenario is a mapping with name, conditions and optionally description, seed, thresholds',
    );
    throw collect(errors, file);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) reportZodIssue(issue, report);
  // Steps are checked even when the outer structure has problems, so one pass shows them all.
  const rawConditions = Array.isArray((raw as { conditions?: unknown }).conditions)
    ? (raw as { conditions: unknown[] }).conditions
    : [];
  const conditions: Condition[] = [];
  const seen = new Map<string, number>();
  rawConditions.forEach((c, ci) => {
    if (!isConditionLike(c)) return;
    for (const expanded of expandSweep(c.name, c.sweep)) {
      if (expanded.name === 'clean') {
        report(['conditions', ci, 'name'], '"clean" is the implicit baseline; choose another name');
        continue;
      }
      if (seen.has(expanded.name)) {
        report(
          ['conditions', ci, 'name'],
          `duplicate condition name "${expanded.name}" (also condition ${(seen.get(expanded.name) ?? 0) + 1})`,
        );
        continue;
      }
      seen.set(expanded.name, ci);
      const chain: Step[] = [];
      c.chain.forEach((stepRaw, si) => {
        if (stepRaw === null || typeof stepRaw !== 'object' || Array.isArray(stepRaw)) return; // reported by the schema
        const step = parseStep(
          stepRaw as Record<string, unknown>,
          ['conditions', ci, 'chain', si],
          expanded.values,
          c.sweep,
          report,
          doc,
          lines,
          file,
        );
        if (step) chain.push(step);
      });
      conditions.push({
        name: expanded.name,
        ...(typeof c.description === 'string' && { description: c.description }),
        ...(c.sweep && { sweep: { base: c.name, values: expanded.values } }),
        chain,
      });
    }
  });
  if (errors.length || !parsed.success) throw collect(dedupe(errors), file);
  const input = parsed.data;
  return {
    file,
    name: input.name,
    description: input.description,
    seed: input.seed,
    conditions,
    thresholds: input.thresholds ?? {
      excessDegradation: 5,
      alpha: 0.05,
      failOn: 'disproportionate',
    },
  };
}

type Report = (path: readonly PathKey[], message: string, key?: string) => void;

interface ConditionLike {
  name: string;
  description?: unknown;
  sweep?: Record<string, (number | string)[]>;
  chain: unknown[];
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

function parseStep(
  raw: Record<string, unknown>,
  path: PathKey[],
  sweepValues: Record<string, number | string>,
  sweep: Record<string, (number | string)[]> | undefined,
  report: Report,
  doc: Document,
  lines: LineCounter,
  file: string,
): Step | undefined {
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    report(
      path,
      `a step is a mapping with exactly one perturbation name, e.g. "- noise: { snr: 20 }"; found ${keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ')}`,
    );
    return undefined;
  }
  const kind = keys[0];
  const perturbation = findPerturbation(kind);
  if (!perturbation) {
    report(
      path,
      `unknown perturbation "${kind}"${didYouMean(kind, perturbationNames())}; known: ${perturbationNames().join(', ')}`,
      kind,
    );
    return undefined;
  }
  const body = raw[kind] ?? {};
  const bodyPath = [...path, kind];
  if (typeof body !== 'object' || Array.isArray(body)) {
    report(bodyPath, `expected a mapping of ${kind}'s parameters, got ${describe(body)}`);
    return undefined;
  }
  const settings: Record<string, ParamSetting> = {};
  const fixed: Record<string, unknown> = {};
  let ok = true;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const spec = perturbation.params[name];
    if (!spec) {
      report(
        bodyPath,
        `unknown parameter "${name}" of ${kind}${didYouMean(name, Object.keys(perturbation.params))}; known: ${Object.keys(perturbation.params).join(', ')}`,
        name,
      );
      ok = false;
      continue;
    }
    const valuePath = [...bodyPath, name];
    if (spec.type === 'step') {
      const inner = parseNestedStep(value, valuePath, sweepValues, sweep, report, doc, lines, file);
      if (inner) settings[name] = inner;
      else ok = false;
      continue;
    }
    if (typeof value === 'string' && SWEEP_REF.test(value)) {
      const variable = SWEEP_REF.exec(value)![1];
      if (!(variable in sweepValues)) {
        const known = Object.keys(sweep ?? {});
        report(
          valuePath,
          `"${value}" is not a sweep variable of this condition${known.length ? `${didYouMean(variable, known)}; sweep has ${known.join(', ')}` : ' (it has no sweep)'}`,
        );
        ok = false;
        continue;
      }
      const swept = sweepValues[variable];
      const index = (sweep?.[variable] ?? []).indexOf(swept);
      const setting = parseSetting(spec, swept);
      if ('error' in setting) {
        const sweepPath = ['conditions', bodyPath[1] as number, 'sweep', variable, index];
        report(sweepPath, `${setting.error} (as ${kind}.${name})`);
        ok = false;
        continue;
      }
      settings[name] = setting.setting;
    } else {
      const setting = parseSetting(spec, value);
      if ('error' in setting) {
        report(valuePath, setting.error);
        ok = false;
        continue;
      }
      settings[name] = setting.setting;
    }
    if (settings[name].kind === 'fixed') fixed[name] = (settings[name] as { value: unknown }).value;
  }
  if (!ok) return undefined;
  for (const [name, spec] of Object.entries(perturbation.params)) {
    if (settings[name] === undefined && spec.default !== undefined) {
      settings[name] = { kind: 'fixed', value: spec.default };
      fixed[name] = spec.default;
    }
  }
  // Cross-parameter rules can be checked now when everything they read is fixed; with ranges
  // they run again on every draw.
  const problems = perturbation.check?.(fixed as never) ?? [];
  const relevant = problems.filter(() => Object.values(settings).every((s) => s.kind === 'fixed'));
  for (const problem of relevant) report(bodyPath, problem);
  if (relevant.length) return undefined;
  const { line, col } = lines.linePos(offsetOf(doc, path));
  return { perturbation, settings, position: { file, line, column: col } };
}

/** A wrapper's inner step (e.g. intermittent.step), parsed like a chain step; no nesting. */
function parseNestedStep(
  value: unknown,
  path: PathKey[],
  sweepValues: Record<string, number | string>,
  sweep: Record<string, (number | string)[]> | undefined,
  report: Report,
  doc: Document,
  lines: LineCounter,
  file: string,
): ParamSetting | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report(path, `expected a step such as { noise: { snr: 10 } }, got ${describe(value)}`);
    return undefined;
  }
  const inner = parseStep(
    value as Record<string, unknown>,
    path,
    sweepValues,
    sweep,
    report,
    doc,
    lines,
    file,
  );
  if (!inner) return undefined;
  if (Object.values(inner.perturbation.params).some((s) => s.type === 'step')) {
    report(path, `${inner.perturbation.name} cannot be nested inside another step`);
    return undefined;
  }
  return {
    kind: 'step',
    name: inner.perturbation.name,
    specs: inner.perturbation.params,
    settings: inner.settings,
  };
}

function parseSetting(
  spec: import('../perturbation/params.js').ParamSpec,
  value: unknown,
): { setting: ParamSetting } | { error: string } {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).sort().join(',');
    if (keys === 'max,min' && spec.type === 'number') {
      const min = parseScalar(spec, o.min);
      if ('error' in min) return { error: `min ${min.error}` };
      const max = parseScalar(spec, o.max);
      if ('error' in max) return { error: `max ${max.error}` };
      if ((min.value as number) > (max.value as number))
        return { error: `range min (${min.value}) must not exceed max (${max.value})` };
      return { setting: { kind: 'range', min: min.value as number, max: max.value as number } };
    }
    if (keys === 'oneOf' && Array.isArray(o.oneOf) && o.oneOf.length > 0) {
      const values = [];
      for (const v of o.oneOf) {
        const parsed = parseScalar(spec, v);
        if ('error' in parsed) return { error: `oneOf entry ${parsed.error}` };
        values.push(parsed.value);
      }
      return { setting: { kind: 'oneOf', values } };
    }
    return {
      error: `expected a value${spec.type === 'number' ? ', a range { min, max }' : ''} or { oneOf: [...] }, got a mapping with ${Object.keys(o).join(', ') || 'no keys'}`,
    };
  }
  const parsed = parseScalar(spec, value);
  return 'error' in parsed ? parsed : { setting: { kind: 'fixed', value: parsed.value } };
}

/** One entry per combination of sweep values, named `base@a=1,b=2`. */
function expandSweep(
  base: string,
  sweep: Record<string, (number | string)[]> | undefined,
): { name: string; values: Record<string, number | string> }[] {
  if (!sweep || Object.keys(sweep).length === 0) return [{ name: base, values: {} }];
  let combos: Record<string, number | string>[] = [{}];
  for (const [variable, values] of Object.entries(sweep)) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [variable]: v })));
  }
  return combos.map((values) => ({
    name: `${base}@${Object.entries(values)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}`,
    values,
  }));
}

function reportZodIssue(issue: z.core.$ZodIssue, report: Report): void {
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

function pathText(path: readonly PathKey[], key?: string): string {
  const parts = [...path, ...(key === undefined ? [] : [key])];
  const text = parts
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  return text ? `${text}: ` : '';
}

/** Offset in the source of the node at `path` (or of the key `key` within it). */
function offsetOf(doc: Document, path: readonly PathKey[], key?: string): number {
  let node: unknown = doc.contents;
  let offset = 0;
  const rangeOf = (n: unknown) => (n as { range?: [number, number, number] }).range?.[0];
  offset = rangeOf(node) ?? 0;
  for (const part of path) {
    if (!node || typeof node !== 'object') break;
    const next = (node as { get?: (k: PathKey, keep: boolean) => unknown }).get?.(part, true);
    if (next === undefined) {
      const pair = isMap(node)
        ? node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part)
        : undefined;
      if (pair && isScalar(pair.key)) offset = pair.key.range?.[0] ?? offset;
      return offset;
    }
    node = next;
    offset = rangeOf(node) ?? offset;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) offset = pair.key.range?.[0] ?? offset;
  }
  return offset;
}

function dedupe(errors: LocatedError[]): LocatedError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.message) && seen.add(e.message));
}

function collect(errors: LocatedError[], file: string): UserErrors {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  return new UserErrors(
    sorted,
    `${file}: ${sorted.length} problem${sorted.length === 1 ? '' : 's'}`,
  );
}
