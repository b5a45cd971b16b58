import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderConsoleTable } from '../../src/report/console-table.js';
import { SUMMARY_SCHEMA_PATH } from '../../src/results/summary-file.js';
import { getNormalizer } from '../../src/scoring/normalize.js';
import { computeSummary } from '../../src/stats/compute.js';
import { simulateRows } from '../../src/stats/simulate.js';
import { summaryJsonSchemaText, summarySchema } from '../../src/stats/summary-schema.js';

describe('summary.json schema', () => {
  it(`committed ${SUMMARY_SCHEMA_PATH} is up to date (\`lastmile schema --write\` rewrites it)`, () => {
    const text = summaryJsonSchemaText();
    expect(readFileSync(SUMMARY_SCHEMA_PATH, 'utf8')).toBe(text);
  });

  it('computed summaries validate and state their methods', () => {
    const rows = simulateRows({
      seed: 'schema',
      groups: [
        { name: 'a', speakers: 5, extraDegradation: 0.2 },
        { name: 'b', speakers: 5 },
        { name: 'c', speakers: 2 },
      ],
      utterancesPerSpeaker: 8,
      errorRate: 0.05,
      engines: ['e1', 'e2'],
    });
    const s = computeSummary(rows, { normalizer: getNormalizer('none') });
    const parsed = summarySchema.safeParse(JSON.parse(JSON.stringify(s)));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(s.schemaVersion).toBe(3);
    expect(s.methods.test.multipleTesting).toBe('maxT');
    expect(s.methods.insufficientData).toMatchObject({ minSpeakers: 5, minRefWords: 200 });
    expect(s.methods.interval).toMatchObject({ unit: 'speaker', level: 0.95 });
    expect(s.methods.test.seed).toBe(1);
    expect(s.methods.normalizer.id).toBe('none@1');
  });
});

describe('console table', () => {
  const rows = simulateRows({
    seed: 'table',
    groups: [
      { name: 'synthetic/th-stopping-long-name', speakers: 6, extraDegradation: 0.25 },
      { name: 'us', speakers: 6 },
      { name: 'uk', speakers: 6 },
    ],
    utterancesPerSpeaker: 10,
    errorRate: 0.02,
  });
  const s = computeSummary(rows, { normalizer: getNormalizer('none') });

  it('fits in 100 columns and uses no colour unless asked', () => {
    const text = renderConsoleTable(s, { color: false });
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    expect(text.includes('\u001b[')).toBe(false);
    expect(text).toMatch(/DISPROPORTIONATE/);
    expect(renderConsoleTable(s, { color: true }).includes('\u001b[31m')).toBe(true);
  });
});

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('score prints totals and per-utterance JSONL', () => {
    const file = join(dir, 'pairs.jsonl');
    writeFileSync(
      file,
      [
        { id: 'u1', ref: 'a b', hyp: 'b c' },
        { id: 'u2', reference: 'The 3rd dose', hypothesis: 'the third dose' },
        { id: 'u3', ref: 'lost', hyp: null },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const jsonl = cli('score', file, '--format', 'jsonl');
    expect(jsonl.status).toBe(0);
    const lines = jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      id: 'u1',
      ref_words: 2,
      hits: 1,
      substitutions: 0,
      deletions: 1,
      insertions: 1,
      wer: 1,
    });
    expect(lines[1]).toMatchObject({ id: 'u2', ref_words: 3, hits: 3, wer: 0 });
    const text = cli('score', file, '--normalizer', 'none');
    expect(text.stdout).toMatch(/none@1/);
    expect(text.stdout).toMatch(/1 without a hypothesis/);
    const bad = cli('score', file, '--normalizer', 'en-basci');
    expect(bad.status).toBe(2); // a bad flag value is a usage error
    expect(bad.stderr).toMatch(/did you mean "en-basic"/);
  });

  it('stats writes summary.json, prints the table and exits 3 (gateFailed) when a group is flagged', () => {
    const run = join(dir, 'run');
    const rows = simulateRows({
      seed: 'cli',
      groups: [
        { name: 'a', speakers: 6, extraDegradation: 0.3 },
        { name: 'b', speakers: 6 },
        { name: 'c', speakers: 6 },
      ],
      utterancesPerSpeaker: 10,
    });
    spawnSync('mkdir', ['-p', run]);
    // A run's rows carry their unit key (condition|engine|id); run.json thresholds are covered
    // by test/run/analysis.test.ts, so these come from the command line.
    const units = rows.map((r) => ({ unit: `${r.condition}|${r.engine}|${r.id}`, ...r }));
    writeFileSync(join(run, 'utterances.jsonl'), units.map((r) => JSON.stringify(r)).join('\n'));
    const r = cli('stats', run, '--excess', '3');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/DISPROPORTIONATE/);
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    expect(summary.methods.thresholds.excessDegradationPoints).toBe(3);
    expect(summary.methods.thresholds.source).toMatch(/command line/);
    const never = cli('stats', run, '--excess', '3', '--fail-on', 'never');
    expect(never.status).toBe(0);
  });
});
