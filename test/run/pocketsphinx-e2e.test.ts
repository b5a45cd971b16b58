import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderConsoleTable } from '../../src/report/console-table.js';
import type { UtteranceRow } from '../../src/results/row.js';
import { type RunRequest, resolveRunConfig } from '../../src/run/config.js';
import { executeRun } from '../../src/run/execute.js';
import { computeSummary } from '../../src/stats/compute.js';
import { comparable, noiseScenario, speechCorpus, tempDir } from '../helpers/corpus.js';

/** Real pocketsphinx on real speech: the bundled corpus (a group-balanced subset) when present. */
describe('lastmile run with pocketsphinx, end to end', () => {
  let dir: string;
  let options: Omit<RunRequest, 'out' | 'concurrency'>;
  let rows1: string;
  let rows8: string;

  beforeAll(async () => {
    dir = await tempDir('pocketsphinx');
    const { manifest, bundled } = await speechCorpus(dir);
    options = {
      scenarios: [await noiseScenario(dir)],
      corpus: manifest,
      engines: ['pocketsphinx'],
      groupBy: 'accent',
      cache: false,
      ...(bundled && { limit: 8 }),
    };
    await executeRun(await resolveRunConfig({ ...options, out: join(dir, 'c8'), concurrency: 8 }));
    await executeRun(await resolveRunConfig({ ...options, out: join(dir, 'c1'), concurrency: 1 }));
    rows8 = await readFile(join(dir, 'c8', 'utterances.jsonl'), 'utf8');
    rows1 = await readFile(join(dir, 'c1', 'utterances.jsonl'), 'utf8');
  }, 110_000);

  it('transcribes every unit, with sensible clean WER per group (printed)', () => {
    const rows = rows8
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as UtteranceRow);
    const clips = new Set(rows.map((r) => r.id)).size;
    expect(rows).toHaveLength(clips * 2);
    for (const row of rows) {
      expect(row.error).toBeUndefined();
      expect(row.hypothesis).toEqual(expect.any(String));
      expect(row.audioSha256).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const row of rows.filter((r) => r.condition === 'clean'))
      expect(row.hypothesis).not.toBe('');
    const summary = computeSummary(rows, { groupBy: 'accent' });
    process.stdout.write(`\n${renderConsoleTable(summary)}\n`);
    const clean = summary.cells.find((c) => c.condition === 'clean')!;
    // festival speech through pocketsphinx: 5–45 % WER per voice (toolchain notes); pooled well under 60 %.
    expect(clean.pooled.wer!).toBeGreaterThan(0);
    expect(clean.pooled.wer!).toBeLessThan(0.6);
    expect(clean.pooled.coverage.errored).toBe(0);
  });

  it('gives identical audio hashes and transcripts at concurrency 1 and 8', () => {
    expect(comparable(rows1)).toEqual(comparable(rows8));
    const noisy = comparable(rows8).filter((r) => r.condition === 'white30');
    expect(noisy.length).toBeGreaterThan(0);
    for (const r of noisy)
      expect((r.params as object[])[0]).toMatchObject({ color: 'white', snr: 30 });
  });
});
