import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UtteranceRow } from '../../src/results/row.js';
import { resolveRunConfig } from '../../src/run/config.js';
import { executeRun, type RunResult } from '../../src/run/execute.js';
import { computeSummary } from '../../src/stats/compute.js';
import { gainScenario, tempDir, toneCorpus } from '../helpers/corpus.js';
import {
  type DoubleRequest,
  type Fault,
  type OpenAiDouble,
  startOpenAiDouble,
} from '../helpers/openai-double.js';

/**
 * Faults by clip (clean condition only; the gain condition always succeeds):
 * c0 429 + Retry-After then ok · c1 500 ×2 then ok · c2 hangs past the timeout then ok ·
 * c3 malformed JSON always · c4 dropped connection then ok · c5 500 always · c6 429 with
 * retry-after-ms then ok · others ok.
 */
function faults(clean: Set<string>) {
  return (r: DoubleRequest): Fault => {
    if (!clean.has(r.audioSha256)) return { kind: 'ok' };
    const clip = r.filename.replace(/\.wav$/, '');
    switch (clip) {
      case 'c0':
        return r.attempt === 1
          ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } }
          : { kind: 'ok' };
      case 'c1':
        return r.attempt <= 2 ? { kind: 'status', status: 500 } : { kind: 'ok' };
      case 'c2':
        return r.attempt === 1 ? { kind: 'hang' } : { kind: 'ok' };
      case 'c3':
        return { kind: 'malformed' };
      case 'c4':
        return r.attempt === 1 ? { kind: 'drop' } : { kind: 'ok' };
      case 'c5':
        return { kind: 'status', status: 500 };
      case 'c6':
        return r.attempt === 1
          ? { kind: 'status', status: 429, headers: { 'retry-after-ms': '120' } }
          : { kind: 'ok' };
      default:
        return { kind: 'ok' };
    }
  };
}

describe('fault injection against a loopback OpenAI-compatible TEST DOUBLE', () => {
  let server: OpenAiDouble;
  let result: RunResult;
  let rows: UtteranceRow[];
  let seconds: number;
  const cleanHashes = new Set<string>();

  beforeAll(async () => {
    const dir = await tempDir('faults');
    const manifest = await toneCorpus(dir, 10);
    // A fault-free pass learns each clip's clean audio hash; faults are then injected by clip.
    server = await startOpenAiDouble();
    await executeRun(
      await resolveRunConfig({
        scenarios: [await gainScenario(dir)],
        corpus: manifest,
        engines: [`openai:${server.url}`],
        out: join(dir, 'probe'),
        cache: false,
      }),
    );
    const probe = await readFile(join(dir, 'probe', 'utterances.jsonl'), 'utf8');
    for (const line of probe.split('\n').filter(Boolean)) {
      const row = JSON.parse(line) as UtteranceRow;
      if (row.condition === 'clean') cleanHashes.add(row.audioSha256!);
    }
    server.setBehaviour(faults(cleanHashes));
    const started = performance.now();
    result = await executeRun(
      await resolveRunConfig({
        scenarios: [await gainScenario(dir)],
        corpus: manifest,
        engines: [`openai:${server.url}`],
        engineConfig: ['timeoutMs=400', 'retries=3'],
        out: join(dir, 'run'),
        cache: false,
        backoff: { baseDelayMs: 20, maxDelayMs: 200 },
      }),
    );
    seconds = (performance.now() - started) / 1000;
    rows = (await readFile(result.utterancesPath, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as UtteranceRow);
  }, 60_000);

  afterAll(() => server?.close());

  const row = (clip: string) => rows.find((r) => r.id === clip && r.condition === 'clean')!;

  it('completes every unit despite the faults', () => {
    expect(result.interrupted).toBe(false);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.unit)).size).toBe(20);
    expect(seconds).toBeLessThan(20);
  });

  it('retries 429 (honouring Retry-After), 500s, a hang past the timeout and a dropped connection until they succeed', () => {
    expect(row('c0')).toMatchObject({ hypothesis: 'transcript of c0', attempts: 2 });
    expect(row('c1')).toMatchObject({ hypothesis: 'transcript of c1', attempts: 3 });
    expect(row('c2')).toMatchObject({ hypothesis: 'transcript of c2', attempts: 2 });
    expect(row('c4')).toMatchObject({ hypothesis: 'transcript of c4', attempts: 2 });
    expect(row('c6')).toMatchObject({ hypothesis: 'transcript of c6', attempts: 2 });
    // Retry-After: 1 s was waited out, not the 20 ms jittered backoff.
    const c0 = server.requests.filter(
      (r) => r.filename === 'c0.wav' && cleanHashes.has(r.audioSha256),
    );
    expect(c0).toHaveLength(2);
  });

  it('counts retries and failures by reason', () => {
    const stats = Object.values(result.stats)[0];
    // c0 1 + c1 2 + c2 1 + c4 1 + c5 3 + c6 1 = 9 retries; c3 is not retryable.
    expect(stats.retries).toBe(9);
    expect(stats.calls).toBe(server.requests.length);
    expect(stats.failuresByReason).toMatchObject({
      'HTTP 429': 2,
      'HTTP 500': 6,
      timeout: 1,
      connection: 1,
      'malformed response': 1,
    });
  });

  it('records failures as error units with their reasons, never as transcripts', () => {
    expect(row('c3')).toMatchObject({ hypothesis: null, attempts: 1 });
    expect(row('c3').error).toMatch(/^malformed JSON in response: \{"text": "half a respo/);
    expect(row('c5')).toMatchObject({ hypothesis: null, attempts: 4 });
    expect(row('c5').error).toMatch(
      /^HTTP 500 Internal Server Error: .*injected 500.* \(after 4 attempts: HTTP 500 Internal Server Error ×4\)$/,
    );
    expect(result.errors).toBe(2);
  });

  it('leaves error units out of WER (missing data, not 100 % WER)', () => {
    const clean = computeSummary(rows, { groupBy: 'accent' }).cells.find(
      (c) => c.condition === 'clean',
    )!;
    expect(clean.pooled.coverage).toMatchObject({ units: 10, errored: 2, scored: 8 });
    expect(clean.pooled.condition.utterances).toBe(8);
    // The double's transcripts equal the references, so everything scored is 0 % WER.
    expect(clean.pooled.wer).toBe(0);
    for (const g of clean.groups) expect(g.wer.value).toBe(0);
  });
});
