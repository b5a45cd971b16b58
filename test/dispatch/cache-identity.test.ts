import { execFileSync } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, TranscriptCache } from '../../src/dispatch/cache.js';
import { createDispatcher } from '../../src/dispatch/dispatcher.js';
import { createEngine } from '../../src/engines/registry.js';
import type { EngineInput } from '../../src/engines/types.js';
import { tempDir } from '../helpers/corpus.js';

const MODEL = '/usr/share/pocketsphinx/model/en-us';

const input: EngineInput = {
  unit: 'clean|e|c1',
  clipId: 'c1',
  audio: { samples: new Float32Array(16), sampleRate: 16000 },
  wav: Buffer.alloc(76),
  audioSha256: 'a'.repeat(64),
};

describe('transcript cache key and engine identity', () => {
  it('misses the cache when a file: engine whose version() changes reports a new version', async () => {
    const dir = await tempDir('identity');
    // A user engine whose version comes from a file beside it, as one loading a model would
    // report the model's version: the module's own bytes never change during the test.
    await writeFile(
      join(dir, 'versioned.mjs'),
      [
        "import { readFileSync } from 'node:fs';",
        "const version = () => readFileSync(new URL('./version.txt', import.meta.url), 'utf8').trim();",
        "export default { version, transcribe: async () => 'made by ' + version() };",
      ].join('\n'),
    );
    const cache = new TranscriptCache(join(dir, 'cache'));
    const call = async () => {
      const engine = await createEngine('file:./versioned.mjs', {}, dir);
      const d = createDispatcher(engine, { concurrency: 1, timeoutMs: 5000, retries: 0, cache });
      return d.call(input);
    };
    await writeFile(join(dir, 'version.txt'), '1.0\n');
    expect(await call()).toMatchObject({ text: 'made by 1.0', cached: false });
    expect(await call()).toMatchObject({ text: 'made by 1.0', cached: true });
    await writeFile(join(dir, 'version.txt'), '2.0\n');
    expect(await call()).toMatchObject({ text: 'made by 2.0', cached: false });
    expect(await call()).toMatchObject({ text: 'made by 2.0', cached: true });
  });

  it('reports a file: engine whose version() throws as a user error naming the engine', async () => {
    const dir = await tempDir('identity-throws');
    await writeFile(
      join(dir, 'broken.mjs'),
      "export default { version() { throw new Error('no model loaded'); }, transcribe: async () => 'x' };\n",
    );
    const engine = await createEngine('file:./broken.mjs', {}, dir);
    const d = createDispatcher(engine, {
      concurrency: 1,
      timeoutMs: 5000,
      retries: 0,
      cache: new TranscriptCache(join(dir, 'cache')),
    });
    await expect(d.call(input)).rejects.toMatchObject({
      name: 'UserError',
      message: 'engine file:./broken.mjs: cannot tell its version: no model loaded',
    });
  });

  it('identifies pocketsphinx by its Debian package versions and its model files’ sha256', async () => {
    const engine = await createEngine('pocketsphinx', { processes: 1 });
    const identity = await engine.identity();
    const dpkg = execFileSync('dpkg-query', ['-W', 'pocketsphinx', 'pocketsphinx-en-us'], {
      encoding: 'utf8',
    });
    for (const line of dpkg.trim().split('\n'))
      expect(identity.version).toContain(line.replace('\t', ' '));
    const lm = join(MODEL, 'en-us.lm.bin');
    const sha = execFileSync('sha256sum', [lm], { encoding: 'utf8' }).split(' ')[0];
    expect(identity.files[lm]).toBe(`sha256:${sha}`);
    expect(Object.keys(identity.files)).toEqual(
      expect.arrayContaining([
        join(MODEL, 'en-us', 'mdef'),
        join(MODEL, 'en-us', 'means'),
        join(MODEL, 'cmudict-en-us.dict'),
        execFileSync('which', ['pocketsphinx_batch'], { encoding: 'utf8' }).trim(),
      ]),
    );
    expect(await engine.version()).toBe(identity.version);
    await engine.close?.();
  });

  it('changes the cache key when a pocketsphinx model file changes', async () => {
    const dir = await tempDir('identity-model');
    const dict = join(dir, 'my.dict');
    await copyFile(join(MODEL, 'cmudict-en-us.dict'), dict);
    const keyNow = async () => {
      const engine = await createEngine('pocketsphinx', { processes: 1, dict });
      return cacheKey(engine.id, engine.config, await engine.identity(), input.audioSha256);
    };
    const before = await keyNow();
    expect(await keyNow()).toBe(before);
    await writeFile(dict, 'lastmile L AE S T M AY L\n', { flag: 'a' });
    expect(await keyNow()).not.toBe(before);
  });
});
