import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { defineEngine } from './define.js';
import { errorText, placeInModule, syntaxErrorPlace } from './module-errors.js';
import type { DispatchDefaults, EngineInput, EngineResult, TranscribeContext } from './types.js';

/** The shape a user module provides: at least `transcribe`. */
interface UserEngine {
  transcribe(input: EngineInput, context: TranscribeContext): Promise<EngineResult | string>;
  version?(): Promise<string> | string;
  close?(): Promise<void>;
  defaults?: Partial<DispatchDefaults>;
}

/**
 * A user's own engine: `file:./my-engine.mjs`. The module's default export (or its
 * `createEngine` export) is either an object with `transcribe(input, { signal })` or a
 * function of the config returning one. `transcribe` returns `{ ok: true, text }`,
 * `{ ok: false, error, retryable }`, or a plain string; a throw is recorded as a
 * non-retryable error unless the thrown object has `retryable: true`. The module file's hash
 * is part of the cache key, so editing it invalidates cached transcripts, and so is what its
 * optional `version()` returns (say, of a model it loads). Config keys are the module's own:
 * all are handed to it unchecked.
 * TypeScript modules load when lastmile runs under tsx or a Node that strips types.
 */
export const fileEngine = defineEngine({
  prefix: 'file',
  summary:
    'Your own engine: a module whose default export has `transcribe(input, { signal })` returning `{ ok, text }` (its hash is part of the cache key)',
  target: {
    form: '<module>',
    description: 'Path of the module, relative to the suite file or working directory',
    required: true,
  },
  params: {},
  openConfig: true,
  dispatch: {
    concurrency: 4,
    timeoutMs: 60_000,
    retries: 2,
    note: 'the module may export its own `defaults`',
  },
  async create({ id, target, extra: config, baseDir }) {
    const path = resolve(baseDir, target);
    let source: Buffer;
    try {
      source = await readFile(path);
    } catch {
      throw new UserError(`engine ${id}: module not found: ${path}`);
    }
    let mod: Record<string, unknown>;
    try {
      mod = await import(pathToFileURL(path).href);
    } catch (e) {
      throw await loadError(id, path, e);
    }
    const exported = mod.createEngine ?? mod.default;
    let user: UserEngine | undefined;
    try {
      user = (typeof exported === 'function' ? await exported(config) : exported) as
        | UserEngine
        | undefined;
    } catch (e) {
      throw new UserError(
        `engine ${id}: ${placeInModule(e, path) ?? path} ${errorText(e)} (while creating the engine)`,
      );
    }
    if (!user || typeof user.transcribe !== 'function')
      throw new UserError(
        `engine ${id}: ${path} must export (default or createEngine) an object with transcribe(input, { signal }), or a function of the config returning one`,
      );
    const moduleSha256 = createHash('sha256').update(source).digest('hex');
    return {
      config: { ...config, moduleSha256 },
      ...(user.defaults && { defaults: user.defaults }),
      identity: async () => ({
        version: String((await user.version?.()) ?? `sha256 ${moduleSha256.slice(0, 12)}`),
        files: { [path]: `sha256:${moduleSha256}` },
      }),
      async transcribe(input, context) {
        try {
          return checkedResult(await user.transcribe(input, context));
        } catch (e) {
          // Which line of the user's module threw, so the error unit points at the bug.
          const place = placeInModule(e, path);
          return {
            ok: false,
            error: `${errorText(e)}${place ? ` at ${place}` : ''}`,
            retryable: (e as { retryable?: unknown } | undefined)?.retryable === true,
          };
        }
      },
      ...(user.close && { close: () => user.close!() }),
    };
  },
});

/**
 * What a user's module returned, as a result the dispatcher can record: a string or
 * `{ ok: true, text: <string> }` is a transcript, `{ ok: false, error }` a failure (retried
 * only when it says `retryable: true`); anything else — `text: 42`, no `error`, `null` — is a
 * failed call naming what came back, so the run goes on with that unit as missing data.
 */
function checkedResult(result: unknown): EngineResult {
  if (typeof result === 'string') return { ok: true, text: result.trim() };
  const r = result as Record<string, unknown> | null;
  if (r && typeof r === 'object') {
    if (r.ok === true && typeof r.text === 'string') return r as EngineResult;
    if (r.ok === false && typeof r.error === 'string')
      return { ...(r as EngineResult & { ok: false }), retryable: r.retryable === true };
  }
  return {
    ok: false,
    error: `module returned ${JSON.stringify(result)?.slice(0, 80)}, not a result (a string, { ok: true, text: <string> } or { ok: false, error: <string> })`,
    retryable: false,
  };
}

/** A module that cannot be imported, as a user error naming the place: syntax error or a throw. */
async function loadError(id: string, path: string, e: unknown): Promise<UserError> {
  const place =
    e instanceof SyntaxError && !placeInModule(e, path)
      ? await syntaxErrorPlace(path)
      : placeInModule(e, path);
  return new UserError(`engine ${id}: cannot load ${place ?? path}: ${errorText(e)}`);
}
