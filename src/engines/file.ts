import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import type {
  Engine,
  EngineFactory,
  EngineInput,
  EngineResult,
  TranscribeContext,
} from './types.js';

/** The shape a user module provides: at least `transcribe`. */
interface UserEngine {
  transcribe(input: EngineInput, context: TranscribeContext): Promise<EngineResult | string>;
  version?(): Promise<string> | string;
  close?(): Promise<void>;
  defaults?: Partial<Engine['defaults']>;
}

/**
 * A user's own engine: `file:./my-engine.mjs`. The module's default export (or its
 * `createEngine` export) is either an object with `transcribe(input, { signal })` or a
 * function of the config returning one. `transcribe` returns `{ ok: true, text }`,
 * `{ ok: false, error, retryable }`, or a plain string; a throw is recorded as a
 * non-retryable error unless the thrown object has `retryable: true`. The module file's hash
 * is part of the cache key, so editing it invalidates cached transcripts.
 * TypeScript modules load when lastmile runs under tsx or a Node that strips types.
 */
export const fileEngine: EngineFactory = {
  prefix: 'file',
  usage: 'file:<module> — your own JS/TS module exporting { transcribe(input, { signal }) }',
  async create({ id, target, config, baseDir }) {
    if (!target) throw new UserError(`engine ${id}: name the module, e.g. file:./my-engine.mjs`);
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
      throw new UserError(`engine ${id}: cannot load ${path}: ${(e as Error).message}`);
    }
    const exported = mod.createEngine ?? mod.default;
    const user = (typeof exported === 'function' ? await exported(config) : exported) as
      | UserEngine
      | undefined;
    if (!user || typeof user.transcribe !== 'function')
      throw new UserError(
        `engine ${id}: ${path} must export (default or createEngine) an object with transcribe(input, { signal }), or a function of the config returning one`,
      );
    const moduleSha256 = createHash('sha256').update(source).digest('hex');
    const engine: Engine = {
      id,
      config: { ...config, moduleSha256 },
      defaults: { concurrency: 4, timeoutMs: 60_000, retries: 2, ...user.defaults },
      version: async () =>
        String((await user.version?.()) ?? `sha256 ${moduleSha256.slice(0, 12)}`),
      async transcribe(input, context) {
        try {
          const result = await user.transcribe(input, context);
          if (typeof result === 'string') return { ok: true, text: result.trim() };
          if (result && typeof result === 'object' && 'ok' in result) return result;
          return {
            ok: false,
            error: `module returned ${JSON.stringify(result)?.slice(0, 80)}, not a result`,
            retryable: false,
          };
        } catch (e) {
          const err = e as Error & { retryable?: boolean };
          return {
            ok: false,
            error: err?.message ?? String(e),
            retryable: err?.retryable === true,
          };
        }
      },
      ...(user.close && { close: () => user.close!() }),
    };
    return engine;
  },
};
