import type { BooleanParam, ChoiceParam, NumberParam, TextParam } from '../perturbation/params.js';
import type { DispatchDefaults, Engine, EngineIdentity } from './types.js';

export { bool, choice, num, path, text } from '../perturbation/params.js';

/**
 * An engine's configuration keys are declared like a perturbation's parameters (the same
 * number/choice/boolean/text/path declarations, with units and ranges), plus a list type for
 * argument vectors. One declaration feeds validation, `lastmile engines` and the README table.
 */
interface EngineParamExtras {
  /** Says what an undeclared default resolves to when it depends on the machine or the id. */
  readonly defaultText?: string;
}
export interface ListParam extends EngineParamExtras {
  readonly type: 'list';
  readonly description: string;
  readonly optional?: boolean;
  readonly default?: readonly string[];
}
export type EngineParamSpec =
  | ((NumberParam | ChoiceParam | BooleanParam | TextParam) & EngineParamExtras)
  | ListParam;
export type EngineParamSpecs = Readonly<Record<string, EngineParamSpec>>;

/** A list: a YAML sequence, or on the command line one string split like a shell would. */
export const list = <const P extends Omit<ListParam, 'type'>>(p: P) =>
  ({ type: 'list', ...p }) as const;

type ValueOf<P extends EngineParamSpec> = P extends NumberParam
  ? number
  : P extends ChoiceParam<infer T>
    ? T
    : P extends BooleanParam
      ? boolean
      : P extends ListParam
        ? readonly string[]
        : string;
type HasDefault<P> = P extends { default: unknown } ? true : false;

/** The values an engine's `create` receives: declared defaults filled in, the rest optional. */
export type EngineValues<S extends EngineParamSpecs> = {
  readonly [K in keyof S as HasDefault<S[K]> extends true ? K : never]: ValueOf<S[K]>;
} & {
  readonly [K in keyof S as HasDefault<S[K]> extends true ? never : K]?: ValueOf<S[K]>;
};

/** What `create` is given: the checked config and where the id and relative paths point. */
export interface EngineCreateInput<S extends EngineParamSpecs> {
  /** The id the user wrote, e.g. `openai:http://127.0.0.1:8080`. */
  readonly id: string;
  /** The text after `prefix:` (empty when none was written). */
  readonly target: string;
  readonly values: EngineValues<S>;
  /** Keys an open-config engine (`file:`) does not declare, as written. */
  readonly extra: Readonly<Record<string, unknown>>;
  /** Folder relative paths resolve against (the suite file's, or the working directory). */
  readonly baseDir: string;
}

/**
 * The engine `create` builds; the registry adds the id, `version()`, a memoized identity and
 * (unless `create` computed its own) the declared dispatch defaults.
 */
export type EngineParts = Omit<Engine, 'id' | 'version' | 'identity' | 'defaults'> & {
  readonly defaults?: Partial<DispatchDefaults>;
  /** Version and model files; computed once per engine instance (see `Engine.identity`). */
  identity(): Promise<EngineIdentity>;
};

/**
 * One speech recogniser kind: one file in `src/engines/`, listed once in `registry.ts`. Its
 * `params` are checked before `create` runs, so `create` may trust `values`.
 */
export interface EngineDefinition<S extends EngineParamSpecs = EngineParamSpecs> {
  /** The id up to the first `:`: `pocketsphinx`, `openai`, … */
  readonly prefix: string;
  /** One line for `lastmile engines` and the README: what it runs. */
  readonly summary: string;
  /** The part after `prefix:`; absent when the engine takes none. */
  readonly target?: {
    /** How it is written in an id, e.g. `<base-url>`. */
    readonly form: string;
    readonly description: string;
    /** The id is incomplete without it (`file:`, `command:`), unless `satisfiedBy` is set. */
    readonly required?: boolean;
    /** A config key that can stand in for a required target (`argv` for `command:`). */
    readonly satisfiedBy?: string;
  };
  readonly params: S;
  /** Accepts undeclared keys and hands them to `create` as `extra` (the `file:` engine). */
  readonly openConfig?: boolean;
  /** How the dispatcher drives it unless the user says otherwise. */
  readonly dispatch: DispatchDefaults & { readonly note?: string };
  /** Rules across keys and the target; a sentence per violation. */
  check?(values: EngineValues<S>, target: string): readonly string[];
  create(input: EngineCreateInput<S>): Promise<EngineParts>;
}

export type AnyEngineDefinition = EngineDefinition<EngineParamSpecs>;

/** Declares an engine with its config types inferred from `params`. */
export function defineEngine<const S extends EngineParamSpecs>(
  definition: EngineDefinition<S>,
): EngineDefinition<S> {
  return definition;
}

/** `openai:<base-url>`, `deepgram[:<model>]`, `pocketsphinx` — how an id of this kind is written. */
export function idForm(definition: AnyEngineDefinition): string {
  const { prefix, target } = definition;
  if (!target) return prefix;
  return target.required ? `${prefix}:${target.form}` : `${prefix}[:${target.form}]`;
}
