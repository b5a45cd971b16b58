import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { loadCodec } from '../../src/codecs/index.js';
import { resolveRunConfig } from '../../src/run/config.js';
import { planRun } from '../../src/run/plan.js';
import { runFingerprint } from '../../src/run/record.js';
import { wasmPath } from '../../src/wasm/load.js';
import { spawnCli } from '../helpers/cli.js';
import { tempDir, toneCorpus } from '../helpers/corpus.js';
import { type OpenAiDouble, startOpenAiDouble } from '../helpers/openai-double.js';

/** A mobile-to-landline call: AMR-NB at 12.2k, then G.711 µ-law (transcoding). */
function transcodeScenario(dir: string): string {
  const file = join(dir, 'transcode.yaml');
  writeFileSync(
    file,
    'name: transcode\nseed: 5\nconditions:\n  - name: mobile-to-landline\n    chain:\n      - codec: { name: amr-nb }\n      - codec: { name: g711-ulaw }\n',
  );
  return file;
}

describe("the codecs a run used, in run.json and the run's fingerprint", () => {
  let dir: string;
  let server: OpenAiDouble;

  beforeAll(async () => {
    dir = await tempDir('codec-record');
    server = await startOpenAiDouble();
  });
  afterAll(() => server?.close());

  it('run.json names each codec the scenario used, its library version and the sha256 of its .wasm (compiled CLI, loopback OpenAI TEST DOUBLE)', async () => {
    const out = join(dir, 'run');
    const args = ['run', transcodeScenario(dir), '--corpus', await toneCorpus(dir, 2)];
    const run = spawnCli(
      args.concat(['--engine', `openai:${server.url}`, '--out', out, '--no-cache']),
    );
    const done = await run.done;
    // Two clips are too few to test a difference (nothingTested); the run itself completes.
    expect([EXIT.ok, EXIT.gateFailed, EXIT.nothingTested]).toContain(done.code);
    const json = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      codecs: { codec: string; kind: string; library: string; build: string }[];
    };
    expect(json.codecs.map((c) => c.codec)).toEqual(['amr-nb', 'g711-ulaw']);
    const amr = json.codecs[0];
    expect(amr.kind).toBe('wasm');
    expect(amr.library).toMatch(/opencore-amr 0\.1\.6/);
    const [file, hash] = amr.build.split(' ');
    const actual = createHash('sha256')
      .update(readFileSync(wasmPath(file)))
      .digest('hex');
    expect(hash).toHaveLength(16);
    expect(actual.startsWith(hash)).toBe(true);
    expect(json.codecs[1].kind).toBe('typescript');
  }, 120_000);

  it('the fingerprint (resume and cache identity) changes when a codec build changes (FAULT INJECTED: the amr-nb build hash replaced in memory)', async () => {
    const config = await resolveRunConfig({
      scenarios: [transcodeScenario(dir)],
      corpus: await toneCorpus(dir, 2),
      engines: [],
      out: join(dir, 'fingerprint'),
    });
    const plan = await planRun(config);
    const before = await runFingerprint(config, plan, []);
    const codec = await loadCodec('amr-nb');
    const original = codec.backend;
    try {
      (codec as { backend: typeof original }).backend = { ...original, build: 'amrnb.wasm 0' };
      const after = await runFingerprint(config, plan, []);
      expect(after.codecs[0].build).toBe('amrnb.wasm 0');
      expect(after.fingerprint).not.toBe(before.fingerprint);
    } finally {
      (codec as { backend: typeof original }).backend = original;
    }
    expect((await runFingerprint(config, plan, [])).fingerprint).toBe(before.fingerprint);
  });
});
