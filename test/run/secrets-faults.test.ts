import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { spawnCli } from '../helpers/cli.js';
import { gainScenario, tempDir, toneCorpus } from '../helpers/corpus.js';
import { type OpenAiDouble, startOpenAiDouble } from '../helpers/openai-double.js';

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every file the run left and both output streams, searched for each secret. */
function expectNowhere(
  secrets: readonly string[],
  folders: readonly string[],
  run: { stdout: string; stderr: string },
) {
  for (const file of folders.flatMap(filesUnder)) {
    const text = readFileSync(file, 'utf8');
    for (const s of secrets) expect(text, file).not.toContain(s);
  }
  for (const s of secrets) {
    expect(run.stdout).not.toContain(s);
    expect(run.stderr).not.toContain(s);
  }
}

describe('secrets under faults (compiled CLI against the OpenAI-compatible FAULT DOUBLE, which echoes the key in its transcripts)', () => {
  let server: OpenAiDouble;
  let dir: string;
  let manifest: string;
  let scenario: string;
  const stamp = `${Math.random().toString(36).slice(2)}${Date.now()}`;
  const oldKey = `sk-old-${stamp}`;
  const newKey = `sk-new-${stamp}`;
  const cache = () => join(dir, 'cache');

  beforeAll(async () => {
    dir = await tempDir('secret-faults');
    manifest = await toneCorpus(dir, 3);
    scenario = await gainScenario(dir);
    // A server that puts the caller's Authorization header into every transcript.
    server = await startOpenAiDouble((r) => ({ kind: 'ok', text: `heard ${r.authorization}` }));
  }, 120_000);

  afterAll(() => server?.close());

  const run = (out: string, engine: string, env: NodeJS.ProcessEnv = {}) =>
    spawnCli(
      [
        'run',
        scenario,
        '--corpus',
        manifest,
        '--engine',
        engine,
        '--engine-config',
        'apiKeyEnv=LASTMILE_TEST_KEY',
        '--out',
        join(dir, out),
        '--cache-dir',
        cache(),
        '--progress',
        'plain',
      ],
      env,
    ).done;

  it('an echoed key is redacted before the cache keeps it, and cache files are private (0600)', async () => {
    const r = await run('echo', `openai:${server.url}`, { LASTMILE_TEST_KEY: oldKey });
    expect(r.code).toBe(EXIT.nothingTested); // three tone clips reach no verdict
    expect(server.requests.some((q) => q.authorization === `Bearer ${oldKey}`)).toBe(true);
    const cached = filesUnder(cache());
    expect(cached.length).toBeGreaterThan(0);
    for (const f of cached) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'echo', 'utterances.jsonl'), 'utf8')).toContain(
      'heard Bearer ***',
    );
    expectNowhere([oldKey], [join(dir, 'echo'), cache()], r);
  }, 90_000);

  it('after the key is rotated, the old key does not come back from the cache', async () => {
    const r = await run('rotated', `openai:${server.url}`, { LASTMILE_TEST_KEY: newKey });
    expect(r.code).toBe(EXIT.nothingTested);
    expectNowhere([oldKey, newKey], [join(dir, 'rotated'), cache()], r);
  }, 90_000);

  it('a key in the URL query is refused, named but not echoed, and nothing is written', async () => {
    const before = server.requests.length;
    const r = await run('query', `openai:${server.url}/?api_key=${newKey}`);
    expect(r.code).toBe(EXIT.usage); // a bad --engine value
    expect(r.stderr).toContain('"api_key=…"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(server.requests.length).toBe(before);
    expectNowhere([newKey], [join(dir, 'query'), cache()], r);
  }, 90_000);

  it('credentials in the URL userinfo are refused without echoing them', async () => {
    const url = new URL(server.url);
    const r = await run('userinfo', `openai:http://lastmile:${newKey}@${url.host}`);
    expect(r.code).toBe(EXIT.usage); // a bad --engine value
    expect(r.stderr).toContain('credentials');
    expectNowhere([newKey], [join(dir, 'userinfo'), cache()], r);
  }, 90_000);
});
