import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { LocatedError, UsageErrors, UserError, UserErrors } from '../errors.js';
import { didYouMean } from '../text/closest.js';
import { type YamlPath, yamlOffset } from '../text/yaml-offset.js';
import { parseParamValue } from './config.js';
import { DISPATCH_PARAMS, type DispatchOverrides, isDispatchKey } from './dispatch-options.js';
import {
  checkEngineConfig,
  DEFAULT_ENGINE_ID,
  enginePrefixes,
  findEngine,
  splitEngineId,
} from './registry.js';
import { looksSecret } from './secrets.js';
import { hideUrlSecrets } from './url-secrets.js';

/** One engine of a run: its id, its config and how the dispatcher drives it (unset: defaults). */
export interface EngineSetup extends DispatchOverrides {
  readonly id: string;
  /**
   * The config as given, declared keys converted to their types (an open-config engine's other
   * keys as written); defaults are filled in by the engine.
   */
  readonly config: Record<string, unknown>;
}

/** An `engines:` entry of a suite file, as the suite schema reads it. */
export type SuiteEngineEntry =
  | string
  | ({ readonly id: string; readonly config?: Readonly<Record<string, unknown>> } & {
      readonly [K in keyof DispatchOverrides]?: number;
    });

export interface EngineSetupSources {
  /** `--engine` values; when any is given they replace the suite's engines. */
  readonly engineIds?: readonly string[];
  /**
   * Engines a library caller (a test, bench, `RunRequest.engines`) names, ids or entries shaped
   * like a suite's; when any is given they replace the suite's. Problems name `engine <id>`.
   */
  readonly engines?: readonly SuiteEngineEntry[];
  /** `--engine-config` values: `key=value` for every engine, `<prefix>.key=value` for one kind. */
  readonly engineConfig?: readonly string[];
  /** The suite's entries and its file, so problems are reported as file:line:column. */
  readonly suite?: {
    readonly file: string;
    readonly engines: readonly SuiteEngineEntry[];
    /** The file's text when the caller has it; otherwise it is read when a problem is found. */
    readonly text?: string;
  };
}

/**
 * Where a value came from: a command-line flag (or, for a library caller, `engine <id>`), or a
 * suite node — the mapping at `path` and
 * its `key` (the key itself is pointed at when `atKey`, else its value).
 */
type Origin =
  | { readonly path: YamlPath; readonly key?: string; readonly atKey?: boolean }
  | { readonly flag: string };

interface Pair {
  readonly flag: string;
  readonly prefix?: string;
  readonly key: string;
  readonly value: string;
}

/**
 * The run's engines from `--engine` / `--engine-config` and the suite (flags win; with
 * neither, pocketsphinx), every id, config key and dispatch option checked against the
 * engines' declarations before anything starts. All problems are thrown together: from the
 * suite as `file:line:column`, from the command line naming the flag, each unknown name with
 * the nearest known one.
 */
export function parseEngineSetups(sources: EngineSetupSources): EngineSetup[] {
  const problems: { origin: Origin; message: string }[] = [];
  const pairs = parsePairs(sources.engineConfig ?? [], (flag, message) =>
    problems.push({ origin: { flag }, message }),
  );
  const entries = baseEntries(sources);
  const prefixesInUse = entries.map(
    ({ entry }) => splitEngineId((typeof entry === 'string' ? entry : entry.id).trim()).prefix,
  );
  const setups = entries.map(({ entry, origin }) => {
    const {
      id,
      config: suiteConfig = {},
      ...suiteDispatch
    } = typeof entry === 'string' ? { id: entry } : entry;
    const config: Record<string, unknown> = { ...suiteConfig };
    const keyOrigin = new Map<string, Origin>();
    const { path } = origin;
    for (const key of Object.keys(config))
      keyOrigin.set(key, path ? { path: [...path, 'config'], key } : origin.id);
    const dispatch: Record<string, unknown> = { ...suiteDispatch };
    for (const key of Object.keys(dispatch))
      keyOrigin.set(`dispatch:${key}`, path ? { path, key } : origin.id);
    const { prefix } = splitEngineId(id.trim());
    for (const pair of pairs) {
      if (pair.prefix && pair.prefix !== prefix) continue;
      const target = isDispatchKey(pair.key) ? dispatch : config;
      target[pair.key] = pair.value;
      keyOrigin.set(isDispatchKey(pair.key) ? `dispatch:${pair.key}` : pair.key, {
        flag: pair.flag,
      });
    }
    const checked = checkEngineConfig(id, config);
    for (const p of checked.problems) {
      const at = p.key === undefined ? origin.id : (keyOrigin.get(p.key) ?? origin.id);
      const hint = p.atKey && 'flag' in at ? oneKindHint(p.key!, at.flag, prefixesInUse) : '';
      problems.push({ origin: pointAt(at, p.atKey), message: `${p.message}${hint}` });
    }
    const overrides: DispatchOverrides = {};
    for (const [key, value] of Object.entries(dispatch)) {
      const at = keyOrigin.get(`dispatch:${key}`) ?? origin.id;
      if (!isDispatchKey(key)) {
        problems.push({ origin: pointAt(at, true), message: `unknown dispatch option "${key}"` });
        continue;
      }
      const parsed = parseParamValue(DISPATCH_PARAMS[key], value);
      if ('error' in parsed) problems.push({ origin: at, message: `${key} ${parsed.error}` });
      else if (parsed.value !== undefined) overrides[key] = parsed.value as number;
    }
    return { id: id.trim(), config: { ...checked.given, ...checked.extra }, ...overrides };
  });
  entries.forEach(({ entry, origin }, i) => {
    const id = (typeof entry === 'string' ? entry : entry.id).trim();
    const first = setups.findIndex((s) => s.id === id);
    if (first < i)
      problems.push({
        origin: origin.id,
        message: `engine "${id}" is named twice; give each engine once (its results would be mixed)`,
      });
  });
  if (problems.length) throw setupErrors(problems, sources.suite);
  return setups;
}

/** For `--engine-config model=…` meant for one of several engines: how to say so. */
function oneKindHint(key: string, flag: string, prefixes: readonly string[]): string {
  if (!/^--engine-config [^.=]+=/.test(flag)) return '';
  const owner = prefixes.find((prefix) => findEngine(prefix)?.params[key] !== undefined);
  return owner ? ` (for ${owner} only, write ${owner}.${key}=…)` : '';
}

/** A suite key's problem points at the key when the key is wrong, else at its value. */
function pointAt(origin: Origin, atKey: boolean | undefined): Origin {
  return 'path' in origin && atKey ? { ...origin, atKey } : origin;
}

/** Which engines, and where each came from (`path`: its entry in the suite file). */
function baseEntries(
  sources: EngineSetupSources,
): { entry: SuiteEngineEntry; origin: { path?: YamlPath; id: Origin } }[] {
  if (sources.engineIds?.length)
    return sources.engineIds.map((id) => ({
      entry: id,
      origin: { id: { flag: `--engine ${id}` } },
    }));
  if (sources.engines?.length)
    return sources.engines.map((entry) => ({
      entry,
      origin: { id: { flag: `engine ${typeof entry === 'string' ? entry : entry.id}` } },
    }));
  const suite = sources.suite?.engines ?? [];
  if (suite.length)
    return suite.map((entry, i) => ({
      entry,
      origin: {
        path: ['engines', i],
        id: { path: typeof entry === 'string' ? ['engines', i] : ['engines', i, 'id'] },
      },
    }));
  return [{ entry: DEFAULT_ENGINE_ID, origin: { id: { flag: `engine ${DEFAULT_ENGINE_ID}` } } }];
}

/** `--engine-config` values → pairs; a malformed one or an unknown engine kind is a problem. */
function parsePairs(
  values: readonly string[],
  problem: (flag: string, message: string) => void,
): Pair[] {
  const pairs: Pair[] = [];
  for (const text of values) {
    const eq = text.indexOf('=');
    // Messages name the flag; a value under a secret-looking key is never repeated.
    const flag = `--engine-config ${eq > 0 && looksSecret(text.slice(0, eq).replace(/^[^.]*\./, '')) ? `${text.slice(0, eq)}=***` : text}`;
    if (eq <= 0) {
      problem(flag, 'expected key=value or <prefix>.key=value');
      continue;
    }
    const left = text.slice(0, eq);
    const value = text.slice(eq + 1);
    const dot = left.indexOf('.');
    if (dot <= 0) {
      pairs.push({ flag, key: left, value });
      continue;
    }
    const prefix = left.slice(0, dot);
    if (!findEngine(prefix)) {
      problem(
        flag,
        `unknown engine kind "${prefix}"${didYouMean(prefix, enginePrefixes())}; known: ${enginePrefixes().join(', ')}`,
      );
      continue;
    }
    pairs.push({ flag, prefix, key: left.slice(dot + 1), value });
  }
  return pairs;
}

function setupErrors(
  problems: readonly { origin: Origin; message: string }[],
  suite: EngineSetupSources['suite'],
): UserErrors {
  let locate: ((path: YamlPath, key?: string) => { line: number; col: number }) | undefined;
  const position = (path: YamlPath, key?: string) => {
    if (!suite) return { line: 1, col: 1 };
    if (!locate) {
      let text = suite.text;
      try {
        text ??= readFileSync(suite.file, 'utf8');
      } catch {
        text = '';
      }
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines });
      locate = (p, k) => lines.linePos(yamlOffset(doc, p, k));
    }
    return locate(path, key);
  };
  const seen = new Set<string>();
  const errors = problems.flatMap(({ origin, message }) => {
    const once = `${JSON.stringify(origin)}\0${message}`;
    if (seen.has(once)) return []; // a flag applied to several engines
    seen.add(once);
    if ('flag' in origin) return [new UserError(hideUrlSecrets(`${origin.flag}: ${message}`))];
    const { path, key, atKey } = origin;
    const { line, col } =
      key === undefined ? position(path) : atKey ? position(path, key) : position([...path, key]);
    return [
      new LocatedError(
        suite?.file ?? '',
        line,
        col,
        hideUrlSecrets(`${pathText(path)}: ${message}`),
      ),
    ];
  });
  const summary = `${errors.length} problem${errors.length === 1 ? '' : 's'} with the engines`;
  // Every problem in a --engine or --engine-config value: the command line is what is wrong.
  const fromFlags = problems.every(
    ({ origin }) => 'flag' in origin && origin.flag.startsWith('--'),
  );
  return fromFlags ? new UsageErrors(errors, summary) : new UserErrors(errors, summary);
}

/** `engines[0].config`, as the scenario and suite schema messages write a path. */
function pathText(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
