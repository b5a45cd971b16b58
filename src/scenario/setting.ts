import { type ParamSetting, type ParamSpec, parseScalar } from '../perturbation/params.js';

/**
 * What a scenario may write for one parameter: a value (`15dB`), a range drawn per clip
 * (`{ min, max }`, numbers only) or a set to pick from (`{ oneOf: [...] }`); or a sentence
 * saying what was expected.
 */
export function parseSetting(
  spec: ParamSpec,
  value: unknown,
): { setting: ParamSetting } | { error: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const parsed = parseScalar(spec, value);
    return 'error' in parsed ? parsed : { setting: { kind: 'fixed', value: parsed.value } };
  }
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
  if (keys === 'oneOf' && Array.isArray(o.oneOf) && o.oneOf.length === 0)
    return { error: 'oneOf must list at least one value' };
  if (keys === 'oneOf' && Array.isArray(o.oneOf)) {
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
