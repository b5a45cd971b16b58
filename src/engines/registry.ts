import { UserError } from '../errors.js';
import { didYouMean } from '../text/closest.js';
import type { Engine, EngineFactory } from './types.js';

/**
 * Every engine, by id prefix. Factories are loaded on first use (`await import`), so an
 * engine's dependencies — and optional SDKs — cost nothing unless a run names it.
 */
const factories: Record<string, () => Promise<EngineFactory>> = {
  pocketsphinx: async () => (await import('./pocketsphinx.js')).pocketsphinxEngine,
  command: async () => (await import('./command.js')).commandEngine,
  openai: async () => (await import('./openai.js')).openaiEngine,
  deepgram: async () => (await import('./deepgram.js')).deepgramEngine,
  'aws-transcribe': async () => (await import('./aws-transcribe.js')).awsTranscribeEngine,
  file: async () => (await import('./file.js')).fileEngine,
};

export function enginePrefixes(): string[] {
  return Object.keys(factories);
}

/** `openai:http://x` → { prefix: 'openai', target: 'http://x' }; `pocketsphinx` → no target. */
export function splitEngineId(id: string): { prefix: string; target: string } {
  const colon = id.indexOf(':');
  return colon < 0
    ? { prefix: id, target: '' }
    : { prefix: id.slice(0, colon), target: id.slice(colon + 1) };
}

/** Throws a user error naming the closest known prefix when `id` names no engine. */
export function checkEngineId(id: string): void {
  const { prefix } = splitEngineId(id.trim());
  if (!(prefix in factories)) {
    throw new UserError(
      `unknown engine "${id}"${didYouMean(prefix, enginePrefixes())}; known: ${enginePrefixes()
        .map((p) => (p === 'pocketsphinx' ? p : `${p}:…`))
        .join(', ')}`,
    );
  }
}

/** Creates the engine an id names, with its config (values from a suite file or the CLI). */
export async function createEngine(
  id: string,
  config: Readonly<Record<string, unknown>> = {},
  baseDir = process.cwd(),
): Promise<Engine> {
  checkEngineId(id);
  const { prefix, target } = splitEngineId(id.trim());
  const factory = await factories[prefix]();
  return factory.create({ id: id.trim(), target, config, baseDir });
}

/** One usage line per engine, for --help. */
export async function engineUsages(): Promise<string[]> {
  return Promise.all(Object.values(factories).map(async (load) => (await load()).usage));
}
