import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { spawnCli } from '../helpers/cli.js';
import { gainScenario, tempDir, toneCorpus } from '../helpers/corpus.js';
import { type OpenAiDouble, startOpenAiDouble } from '../helpers/openai-double.js';

describe('one analysis step for run and stats (compiled CLI against a loopback OpenAI-compatible TEST DOUBLE)', () => {
  let server: OpenAiDouble;
  let dir: string;
  let manifest: string;
  let scenario: string;
  const run = (out: string, ...extra: string[]) =>
    spawnCli([
      'run',
      scenario,
      '--corpus',
      manifest,
      '--engine',
      `openai:${server.url}`,
      '--out',
      out,
      '--no-cache',
      '--progress',
      'none',
      ...extra,
    ]).done;

  beforeAll(async () => {
    dir = await tempDir('analysis');
    manifest = await toneCorpus(dir, 8);
    scenario = await gainScenario(dir);
    server = await startOpenAiDouble();
  }, 60_000);

  afterAll(() => server?.close());

  it('run and stats write byte-identical summary.json (tool version from package.json, suite thresholds via run.json)', async () => {
    const suite = join(dir, 'suite.yaml');
    await writeFile(
      suite,
      [
        'name: same',
        `corpus: ${manifest}`,
        `scenarios: [${scenario}]`,
        `engines: ["openai:${server.url}"]`,
        'cache: false',
        'thresholds: { excessDegradation: 7 }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'same');
    const ran = await spawnCli(['run', '--suite', suite, '--out', out, '--progress', 'none']).done;
    expect(ran.stderr).toMatch(/16 units/);
    // Two speakers a group: the statistics reach no verdict, and both commands say so alike.
    expect(ran.code).toBe(EXIT.nothingTested);
    const fromRun = readFileSync(join(out, 'summary.json'), 'utf8');
    const stats = await spawnCli(['stats', out]).done;
    expect(stats.code).toBe(ran.code);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(fromRun);
    const summary = JSON.parse(fromRun);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(summary.tool).toEqual({ name: 'lastmile', version: pkg.version });
    expect(summary.methods.thresholds).toMatchObject({
      excessDegradationPoints: 7,
      source: 'run.json thresholds',
    });
    // The table printed by both is the same too, and --json prints summary.json itself.
    expect(stats.stdout).toBe(ran.stdout);
    const json = await spawnCli(['stats', out, '--json', '--no-write']).done;
    expect(json.stdout).toBe(fromRun);
  }, 90_000);

  it('says which groups cannot reach a verdict, and the minimum, before the run starts', async () => {
    const r = await run(join(dir, 'small'), '--limit', '4');
    expect(r.code).toBe(EXIT.nothingTested);
    const warning = r.stderr.split('\n').findIndex((l) => l.includes('too small for a verdict'));
    const totals = r.stderr.split('\n').findIndex((l) => /\d+ units \(/.test(l));
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(totals);
    // The counts said up front are the ones the statistics then find in the clean cell.
    const summary = JSON.parse(readFileSync(join(dir, 'small', 'summary.json'), 'utf8'));
    const clean = summary.cells.find((c: { condition: string }) => c.condition === 'clean');
    expect(clean.groups).toHaveLength(2);
    for (const g of clean.groups) {
      const words = g.perSpeaker.reduce(
        (n: number, s: { condition: { refWords: number } }) => n + s.condition.refWords,
        0,
      );
      expect(r.stderr).toContain(`${g.group} (${g.speakers} speakers, ${words} words)`);
    }
    expect(r.stderr).toMatch(/at least 5 speakers and 200 reference words/);
  }, 60_000);

  it('refuses a folder holding a foreign utterances.jsonl or run.json instead of resuming it', async () => {
    const foreignRows = join(dir, 'foreign-rows');
    await mkdir(foreignRows);
    const pairs = `${JSON.stringify({ id: 'u1', ref: 'a b', hyp: 'a b' })}\n`;
    writeFileSync(join(foreignRows, 'utterances.jsonl'), pairs);
    const a = await run(foreignRows);
    expect(a.code).not.toBe(EXIT.ok);
    expect(a.stderr).toContain(`${join(foreignRows, 'utterances.jsonl')}:1:1`);
    expect(a.stderr).toMatch(/not a row of a lastmile run/);
    expect(readFileSync(join(foreignRows, 'utterances.jsonl'), 'utf8')).toBe(pairs);

    const foreignRun = join(dir, 'foreign-run');
    await mkdir(foreignRun);
    writeFileSync(join(foreignRun, 'run.json'), '{"name": "some other tool"}\n');
    const before = server.requests.length;
    const b = await run(foreignRun);
    expect(b.code).not.toBe(EXIT.ok);
    expect(b.stderr).toMatch(/run\.json: not a run\.json written by lastmile/);
    expect(server.requests.length).toBe(before);
    const s = await spawnCli(['stats', foreignRun]).done;
    expect(s.code).not.toBe(EXIT.ok);
    expect(s.stderr).toMatch(/not a run\.json written by lastmile/);
  }, 60_000);

  it('a run where no unit has a transcript exits nothingTested, from run and from stats', async () => {
    server.setBehaviour(() => ({ kind: 'status', status: 500 }));
    const out = join(dir, 'nothing');
    const r = await run(out, '--engine-config', 'retries=0', '--max-error-rate', '1');
    server.setBehaviour(() => ({ kind: 'ok' }));
    expect(r.stdout).toMatch(/NOTHING TESTED: none of the 16 units has a transcript/);
    expect(r.stdout + r.stderr).not.toMatch(/no group disproportionate/);
    expect(r.code).toBe(EXIT.nothingTested);
    const s = await spawnCli(['stats', out]).done;
    expect(s.code).toBe(EXIT.nothingTested);
    expect(s.stdout).toMatch(/NOTHING TESTED: none of the 16 units/);
    const empty = join(dir, 'empty');
    await mkdir(empty);
    writeFileSync(join(empty, 'utterances.jsonl'), '');
    const e = await spawnCli(['stats', empty]).done;
    expect(e.code).toBe(EXIT.nothingTested);
    expect(e.stdout).toMatch(/NOTHING TESTED: utterances\.jsonl has no rows/);
  }, 60_000);
});
