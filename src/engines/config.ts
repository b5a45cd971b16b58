import { describe, parseScalar } from '../perturbation/params.js';
import { didYouMean } from '../text/closest.js';
import type { AnyEngineDefinition, EngineParamSpec, EngineParamSpecs } from './define.js';
import { isDispatchKey } from './dispatch-options.js';
import { looksSecret } from './secrets.js';
import { splitArgs } from './split-args.js';

/**
 * One thing wrong with an engine's config. `key` names the config key (absent: the id or the
 * config as a whole); `atKey` says the key itself is wrong (unknown, a secret), so a located
 * error points at the key rather than its value.
 */
export interface ConfigProblem {
  readonly key?: string;
  readonly atKey?: boolean;
  /** A sentence naming the key: `temperature must be within [0, 1], got 3`. */
  readonly message: string;
}

export interface ParsedConfig {
  /** The keys given, converted to their declared types (no defaults filled in). */
  readonly given: Record<string, unknown>;
  /** Undeclared keys an open-config engine accepts, as written. */
  readonly extra: Record<string, unknown>;
  readonly problems: ConfigProblem[];
}

/**
 * Checks an engine's config against its declarations. Values may be typed (from a suite
 * file) or strings (from `--engine-config key=value`); both are converted the same way, so
 * the two routes accept the same things. An empty value means "not set".
 */
export function parseEngineConfig(
  definition: AnyEngineDefinition,
  raw: Readonly<Record<string, unknown>>,
): ParsedConfig {
  const given: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  const known = Object.keys(definition.params);
  for (const [key, value] of Object.entries(raw)) {
    if (looksSecret(key) && !key.endsWith('Env')) {
      problems.push({
        key,
        atKey: true,
        message: `"${key}" looks like a secret; put it in an environment variable and name the variable instead (e.g. apiKeyEnv: MY_KEY) so it never lands in results`,
      });
      continue;
    }
    const spec = definition.params[key];
    if (!spec) {
      if (definition.openConfig) extra[key] = value;
      else problems.push({ key, atKey: true, message: unknownKeyMessage(definition, key, known) });
      continue;
    }
    const parsed = parseParamValue(spec, value);
    if ('error' in parsed) problems.push({ key, message: `${key} ${parsed.error}` });
    else if (parsed.value !== undefined) given[key] = parsed.value;
  }
  return { given, extra, problems };
}

function unknownKeyMessage(
  definition: AnyEngineDefinition,
  key: string,
  known: readonly string[],
): string {
  if (isDispatchKey(key))
    return `"${key}" is a dispatch option, not ${definition.prefix} config: in a suite write it beside id, not under config`;
  const list = known.length ? `; known: ${known.join(', ')}` : `; ${definition.prefix} takes none`;
  return `unknown config key "${key}" of ${definition.prefix}${didYouMean(key, known)}${list}`;
}

/** The declared defaults under the given values: what `create` receives. */
export function withDefaults(
  specs: EngineParamSpecs,
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const value = given[key] ?? spec.default;
    if (value !== undefined) values[key] = value;
  }
  return values;
}

const TRUE = ['true', 'yes', '1'];
const FALSE = ['false', 'no', '0'];

/**
 * One written value → its declared type (`{ value: undefined }` when left empty), or a
 * sentence saying what was expected. Numbers keep the perturbations' unit suffixes and ranges.
 */
export function parseParamValue(
  spec: EngineParamSpec,
  raw: unknown,
): { value: unknown } | { error: string } {
  if (raw === undefined || raw === null || raw === '') return { value: undefined };
  switch (spec.type) {
    case 'list':
      if (Array.isArray(raw) && raw.every((v) => typeof v === 'string' || typeof v === 'number'))
        return { value: raw.map(String) };
      if (typeof raw === 'string') {
        try {
          return { value: splitArgs(raw) };
        } catch (e) {
          return { error: (e as Error).message };
        }
      }
      return { error: `must be a list of words, got ${describe(raw)}` };
    case 'boolean':
      if (typeof raw === 'string') {
        const word = raw.trim().toLowerCase();
        if (TRUE.includes(word)) return { value: true };
        if (FALSE.includes(word)) return { value: false };
      }
      return parseScalar(spec, raw);
    case 'text':
    case 'path':
      return typeof raw === 'number' ? { value: String(raw) } : parseScalar(spec, raw);
    default:
      return parseScalar(spec, raw);
  }
}
