import { findPerturbation, perturbationNames } from '../../perturbations/index.js';
import type { Step } from '../perturbation/chain.js';
import { describe, type ParamSetting, type ParamSpec } from '../perturbation/params.js';
import type { AnyPerturbation } from '../perturbation/types.js';
import { didYouMean } from '../text/closest.js';
import { SWEEP_REF } from './schema.js';
import { parseSetting } from './setting.js';
import type { Sweep, SweepPoint } from './sweep.js';
import type { FileRef } from './types.js';
import type { PathKey, YamlProblems } from './yaml-problems.js';

/** Where a step sits and what it may refer to; the same for a chain step and a wrapper's inner step. */
export interface StepPlace {
  /** The step's path in the document, e.g. ['conditions', 2, 'chain', 0]. */
  readonly path: readonly PathKey[];
  /** The condition's sweep as written, and the values of this expansion of it. */
  readonly sweep: Sweep | undefined;
  readonly point: SweepPoint;
  readonly problems: YamlProblems;
  /** Collects the files path parameters name, checked once the whole scenario is parsed. */
  readonly files?: FileRef[];
}

/**
 * Parses one step (`- noise: { snr: 20 }`): the kind, each parameter's setting (sweep references
 * resolved, defaults filled in) and, when every setting is fixed, the kind's cross-parameter
 * rules. Reports every problem found and returns undefined if there was any.
 */
export function parseStep(raw: Record<string, unknown>, place: StepPlace): Step | undefined {
  const { path, problems } = place;
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    problems.report(
      path,
      `a step is a mapping with exactly one perturbation name, e.g. "- noise: { snr: 20 }"; found ${keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ')}`,
    );
    return undefined;
  }
  const kind = keys[0];
  const perturbation = findPerturbation(kind);
  if (!perturbation) {
    problems.report(
      path,
      `unknown perturbation "${kind}"${didYouMean(kind, perturbationNames())}; known: ${perturbationNames().join(', ')}`,
      kind,
    );
    return undefined;
  }
  const body = raw[kind] ?? {};
  const bodyPath = [...path, kind];
  if (typeof body !== 'object' || Array.isArray(body)) {
    problems.report(bodyPath, `expected a mapping of ${kind}'s parameters, got ${describe(body)}`);
    return undefined;
  }
  const settings = parseSettings(perturbation, body as Record<string, unknown>, {
    ...place,
    path: bodyPath,
  });
  if (!settings) return undefined;
  if (!passesFixedRules(perturbation, settings, bodyPath, problems)) return undefined;
  return { perturbation, settings, position: problems.position(path) };
}

/** Each written parameter's setting plus the defaults of the rest; undefined after a problem. */
function parseSettings(
  perturbation: AnyPerturbation,
  body: Record<string, unknown>,
  place: StepPlace,
): Record<string, ParamSetting> | undefined {
  const settings: Record<string, ParamSetting> = {};
  let ok = true;
  for (const [name, value] of Object.entries(body)) {
    const spec = perturbation.params[name];
    if (!spec) {
      const known = Object.keys(perturbation.params);
      place.problems.report(
        place.path,
        `unknown parameter "${name}" of ${perturbation.name}${didYouMean(name, known)}; known: ${known.join(', ')}`,
        name,
      );
      ok = false;
      continue;
    }
    const valuePlace = { ...place, path: [...place.path, name] };
    const setting =
      spec.type === 'step'
        ? parseInnerStep(value, valuePlace)
        : parseParam(spec, `${perturbation.name}.${name}`, value, valuePlace);
    if (setting) settings[name] = setting;
    else ok = false;
  }
  if (!ok) return undefined;
  for (const [name, spec] of Object.entries(perturbation.params)) {
    if (settings[name] === undefined && spec.default !== undefined) {
      settings[name] = { kind: 'fixed', value: spec.default };
    }
  }
  return settings;
}

/** One parameter's setting, written directly or as a sweep reference (`$snr`). */
function parseParam(
  spec: ParamSpec,
  label: string,
  value: unknown,
  place: StepPlace,
): ParamSetting | undefined {
  const setting = parseParamSetting(spec, label, value, place);
  if (setting && spec.type === 'path' && place.files) {
    const values =
      setting.kind === 'fixed' ? [setting.value] : setting.kind === 'oneOf' ? setting.values : [];
    const position = place.problems.position(place.path);
    for (const v of values) place.files.push({ value: String(v), label, position });
  }
  return setting;
}

function parseParamSetting(
  spec: ParamSpec,
  label: string,
  value: unknown,
  { path, sweep, point, problems }: StepPlace,
): ParamSetting | undefined {
  const variable = typeof value === 'string' ? SWEEP_REF.exec(value)?.[1] : undefined;
  if (variable === undefined) {
    const setting = parseSetting(spec, value);
    if ('error' in setting) {
      problems.report(path, setting.error);
      return undefined;
    }
    return setting.setting;
  }
  if (!(variable in point.values)) {
    const known = Object.keys(sweep ?? {});
    problems.report(
      path,
      `"${value}" is not a sweep variable of this condition${known.length ? `${didYouMean(variable, known)}; sweep has ${known.join(', ')}` : ' (it has no sweep)'}`,
    );
    return undefined;
  }
  const swept = point.values[variable];
  const setting = parseSetting(spec, swept);
  if ('error' in setting) {
    // The bad value is in the sweep, so that is where the message points.
    const index = (sweep?.[variable] ?? []).indexOf(swept);
    problems.report(
      ['conditions', path[1], 'sweep', variable, index],
      `${setting.error} (as ${label})`,
    );
    return undefined;
  }
  return setting.setting;
}

/** A wrapper's inner step (e.g. intermittent.step), parsed like a chain step; no nesting. */
function parseInnerStep(value: unknown, place: StepPlace): ParamSetting | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    place.problems.report(
      place.path,
      `expected a step such as { noise: { snr: 10 } }, got ${describe(value)}`,
    );
    return undefined;
  }
  const inner = parseStep(value as Record<string, unknown>, place);
  if (!inner) return undefined;
  if (Object.values(inner.perturbation.params).some((s) => s.type === 'step')) {
    place.problems.report(
      place.path,
      `${inner.perturbation.name} cannot be nested inside another step`,
    );
    return undefined;
  }
  return {
    kind: 'step',
    name: inner.perturbation.name,
    specs: inner.perturbation.params,
    settings: inner.settings,
  };
}

/**
 * Cross-parameter rules can be checked now when every setting is fixed; with ranges or sets
 * they run again on every draw instead.
 */
function passesFixedRules(
  perturbation: AnyPerturbation,
  settings: Record<string, ParamSetting>,
  path: readonly PathKey[],
  problems: YamlProblems,
): boolean {
  const fixed: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(settings)) {
    if (s.kind !== 'fixed') return true;
    fixed[name] = s.value;
  }
  const broken = perturbation.check?.(fixed as never) ?? [];
  for (const problem of broken) problems.report(path, problem);
  return broken.length === 0;
}
