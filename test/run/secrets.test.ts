import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { spawnCli } from '../helpers/cli.js';
import { gainScenario, tempDir, toneCorpus } from '../helpers/corpus.js';
import { type OpenAiDouble, startOpenAiDouble } from '../helpers/openai-double.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets (compiled CLI against a loopback OpenAI-compatible TEST DOUBLE that echoes the key)', () => {
  let server: OpenAiDouble;
  let dir: string;
  const key = `sk-test-${Math.random().toString(36).slice(2)}${Date.now()}`;

  beforeAll(async () => {
    dir = await tempDir('secrets');
    // A careless server (or proxy) that echoes the Authorization header in its errors.
    server = await startOpenAiDouble((r) =>
      r.filename === 'c1.wav'
        ? {
            kind: 'status',
            status: 401,
            body: JSON.stringify({ error: `invalid key: ${r.authorization}` }),
          }
        : r.filename === 'c2.wav'
          ? {
              kind: 'status',
              status: 503,
              body: `overloaded (${r.authorization})`,
              headers: { 'retry-after-ms': '5' },
            }
          : { kind: 'ok' },
    );
  }, 120_000);

  afterAll(() => server?.close());

  it('never writes the API key to the results folder, the cache, stdout or stderr', async () => {
    const manifest = await toneCorpus(dir, 4);
    const out = join(dir, 'out');
    const cache = join(dir, 'cache');
    const run = await spawnCli(
      [
        'run',
        await gainScenario(dir),
        '--corpus',
        manifest,
        '--engine',
        `openai:${server.url}`,
        '--engine-config',
        'apiKeyEnv=LASTMILE_TEST_KEY',
        '--engine-config',
        'retries=1',
        '--out',
        out,
        '--cache-dir',
        cache,
        '--progress',
        'plain',
        '--max-error-rate',
        '1',
      ],
      { LASTMILE_TEST_KEY: key },
    ).done;
    // Four tone clips give no group a verdict: the run ends 'nothing tested' (not a pass).
    expect(run.code).toBe(EXIT.nothingTested);
    // The key was really used…
    expect(server.requests.every((r) => r.authorization === `Bearer ${key}`)).toBe(true);
    // …and is nowhere in what the run left behind.
    const files = [...filesUnder(out), ...filesUnder(cache)];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain(key);
    expect(run.stdout).not.toContain(key);
    expect(run.stderr).not.toContain(key);
    const rows = readFileSync(join(out, 'utterances.jsonl'), 'utf8');
    expect(rows).toContain('invalid key: Bearer ***');
    expect(rows).toContain('overloaded (Bearer ***)');
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toContain('"apiKeyEnv=LASTMILE_TEST_KEY"');
  }, 60_000);

  it('refuses a key written into the engine config', async () => {
    const manifest = await toneCorpus(join(dir, 'refuse'), 2);
    const run = await spawnCli([
      'run',
      await gainScenario(dir),
      '--corpus',
      manifest,
      '--engine',
      `openai:${server.url}`,
      '--engine-config',
      `apiKey=${key}`,
      '--out',
      join(dir, 'refused'),
      '--progress',
      'none',
    ]).done;
    expect(run.code).toBe(EXIT.usage); // a bad --engine-config value
    expect(run.stderr).toContain('"apiKey" looks like a secret; put it in an environment variable');
    expect(run.stderr).not.toContain(key);
  }, 60_000);
});
