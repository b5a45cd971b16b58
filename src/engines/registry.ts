import { isUserError, UserError } from '../errors.js';
import { didYouMean } from '../text/closest.js';
import { awsTranscribeEngine } from './aws-transcribe.js';
import { commandEngine } from './command.js';
import { type ConfigProblem, parseEngineConfig, withDefaults } from './config.js';
import { deepgramEngine } from './deepgram.js';
import {
  type AnyEngineDefinition,
  type EngineCreateInput,
  type EngineValues,
  idForm,
} from './define.js';
import { fileEngine } from './file.js';
import { openaiEngine } from './openai.js';
import { pocketsphinxEngine } from './pocketsphinx.js';
import type { Engine, EngineIdentity } from './types.js';

/**
 * Every engine, one line each, in the order `lastmile engines` and the README list them. A new
 * engine is one file declaring itself with `defineEngine` (its config keys, defaults and
 * dispatch defaults) and one line here; config checking, `lastmile engines` and the README
 * table (scripts/update-docs.ts) follow from the declaration. An engine's heavy
 * dependencies (the AWS SDK) load inside its `create`, so listing is cheap.
 */
export const engines: readonly AnyEngineDefinition[] = [
  pocketsphinxEngine,
  commandEngine,
  openaiEngine,
  deepgramEngine,
  awsTranscribeEngine,
  fileEngine,
];

/** The engine a run uses when none is named. */
export const DEFAULT_ENGINE_ID = pocketsphinxEngine.prefix;

export function enginePrefixes(): string[] {
  return engines.map((e) => e.prefix);
}

/** `pocketsphinx | command:<argv with {audio}> | openai[:<base-url>] | …`, for help texts. */
export function engineIdForms(separator = ' | '): string {
  return engines.map(idForm).join(separator);
}

export function findEngine(prefix: string): AnyEngineDefinition | undefined {
  return engines.find((e) => e.prefix === prefix);
}

/** `openai:http://x` → { prefix: 'openai', target: 'http://x' }; `pocketsphinx` → no target. */
export function splitEngineId(id: string): { prefix: string; target: string } {
  const colon = id.indexOf(':');
  return colon < 0
    ? { prefix: id, target: '' }
    : { prefix: id.slice(0, colon), target: id.slice(colon + 1) };
}

/** The sentence saying why `id` names no engine, with the closest known prefix; else undefined. */
export function engineIdProblem(id: string): string | undefined {
  const { prefix } = splitEngineId(id.trim());
  if (findEngine(prefix)) return undefined;
  return `unknown engine "${id}"${didYouMean(prefix, enginePrefixes())}; known: ${engineIdForms(', ')}`;
}

/** Throws a user error naming the closest known prefix when `id` names no engine. */
export function checkEngineId(id: string): void {
  const problem = engineIdProblem(id);
  if (problem) throw new UserError(problem);
}

/**
 * Everything wrong with an engine id and its config, found without creating the engine (no
 * process started, no file loaded): unknown keys, wrong types, out-of-range values, a missing
 * or unexpected `:` part, and the engine's own cross-key rules. `given` holds the declared keys
 * converted to their types, `extra` the undeclared keys an open-config engine takes.
 */
export function checkEngineConfig(id: string, config: Readonly<Record<string, unknown>>) {
  const idProblem = engineIdProblem(id);
  if (idProblem)
    return { problems: [{ message: idProblem }] as ConfigProblem[], given: {}, extra: {} };
  const { prefix, target } = splitEngineId(id.trim());
  const definition = findEngine(prefix)!;
  const { given, extra, problems } = parseEngineConfig(definition, config);
  const spec = definition.target;
  if (!spec && id.includes(':'))
    problems.push({ message: `${prefix} takes no ":" part (got "${id}")` });
  if (spec?.required && !target && !(spec.satisfiedBy && given[spec.satisfiedBy] !== undefined))
    problems.push({ message: `name the ${spec.form} in the id: ${idForm(definition)}` });
  if (problems.length === 0 && definition.check) {
    const values = withDefaults(definition.params, given) as EngineValues<never>;
    for (const message of definition.check(values, target)) problems.push({ message });
  }
  return { problems, given, extra };
}

/**
 * Creates the engine an id names, with its config (values from a suite file or the CLI).
 * Problems with the config are thrown as one user error naming the engine; callers that know
 * where the config came from check it first with `parseEngineSetups` for located messages.
 */
export async function createEngine(
  id: string,
  config: Readonly<Record<string, unknown>> = {},
  baseDir = process.cwd(),
): Promise<Engine> {
  const trimmed = id.trim();
  checkEngineId(trimmed);
  const { problems, given, extra } = checkEngineConfig(trimmed, config);
  if (problems.length)
    throw new UserError(problems.map((p) => `engine ${trimmed}: ${p.message}`).join('\n'));
  const { prefix, target } = splitEngineId(trimmed);
  const definition = findEngine(prefix)!;
  const input: EngineCreateInput<never> = {
    id: trimmed,
    target,
    values: withDefaults(definition.params, given) as EngineValues<never>,
    extra,
    baseDir,
  };
  const parts = await definition.create(input);
  const { concurrency, timeoutMs, retries } = definition.dispatch;
  let identity: Promise<EngineIdentity> | undefined;
  const engine: Engine = {
    ...parts,
    id: trimmed,
    defaults: { concurrency, timeoutMs, retries, ...parts.defaults },
    identity: () => {
      // A user module's version() may throw: that is the user's to fix, not a crash.
      identity ??= parts.identity().catch((e: unknown) => {
        if (isUserError(e)) throw e;
        throw new UserError(
          `engine ${trimmed}: cannot tell its version: ${(e as Error)?.message ?? e}`,
        );
      });
      return identity;
    },
    version: async () => (await engine.identity()).version,
  };
  return engine;
}
