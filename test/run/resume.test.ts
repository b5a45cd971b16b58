import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { lineCount, spawnCli, waitFor } from '../helpers/cli.js';
import { comparable, gainScenario, tempDir, toneCorpus } from '../helpers/corpus.js';
import {
  type DoubleRequest,
  type OpenAiDouble,
  startOpenAiDouble,
} from '../helpers/openai-double.js';

describe('resume after SIGKILL (compiled CLI against a loopback OpenAI-compatible TEST DOUBLE)', () => {
  let server: OpenAiDouble;
  let dir: string;
  let args: (out: string) => string[];

  beforeAll(async () => {
    dir = await tempDir('resume');
    const manifest = await toneCorpus(dir, 12);
    const scenario = await gainScenario(dir);
    server = await startOpenAiDouble();
    args = (out) => [
      'run',
      scenario,
      '--corpus',
      manifest,
      '--engine',
      `openai:${server.url}`,
      '--out',
      out,
      '--no-cache',
      '--concurrency',
      '2',
      '--progress',
      'none',
    ];
  }, 120_000);

  afterAll(() => server?.close());

  it('sends no finished unit twice, tolerates a torn last line, and ends equal to an uninterrupted run', async () => {
    const out = join(dir, 'killed');
    const utterances = join(out, 'utterances.jsonl');
    // First session: answer 8 requests, then hold every further request open (in flight).
    const KILL_AFTER = 8;
    let answered = 0;
    server.setBehaviour(() =>
      answered++ < KILL_AFTER ? { kind: 'ok', delayMs: 10 } : { kind: 'hang' },
    );
    const first = spawnCli(args(out));
    await waitFor(
      () => lineCount(utterances) >= KILL_AFTER && server.requests.length > KILL_AFTER,
      30_000,
      'the first session to stall',
    );
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const firstRequests: DoubleRequest[] = [...server.requests];
    const answeredHashes = new Set(firstRequests.slice(0, KILL_AFTER).map((r) => r.audioSha256));
    const inFlightAtKill = new Set(firstRequests.slice(KILL_AFTER).map((r) => r.audioSha256));
    expect(lineCount(utterances)).toBe(KILL_AFTER);
    // A kill can tear the last line; the resumed run must cut it off, not choke on it.
    appendFileSync(utterances, '{"unit":"clean|openai:http://127.0.0.1:1|c9","id":"c9","spea');

    server.setBehaviour(() => ({ kind: 'ok' }));
    const second = await spawnCli(args(out)).done;
    expect(second.stderr).toContain('24 units (8 from before, 16 now');
    // A tone corpus has too few speakers for any verdict: the run ends 'nothing tested'.
    expect(second.code).toBe(EXIT.nothingTested);
    const secondRequests = [...server.requests];
    // No unit whose answer reached the first session was sent again…
    for (const r of secondRequests) expect(answeredHashes.has(r.audioSha256)).toBe(false);
    // …only units whose calls were in flight at the kill, and each at most once more.
    const again = secondRequests.filter((r) =>
      firstRequests.some((f) => f.audioSha256 === r.audioSha256),
    );
    for (const r of again) expect(inFlightAtKill.has(r.audioSha256)).toBe(true);
    expect(new Set(secondRequests.map((r) => r.audioSha256)).size).toBe(secondRequests.length);
    expect(firstRequests.length - inFlightAtKill.size + secondRequests.length).toBe(24);

    const fresh = join(dir, 'uninterrupted');
    server.setBehaviour(() => ({ kind: 'ok' }));
    const whole = await spawnCli(args(fresh)).done;
    expect(whole.code).toBe(EXIT.nothingTested);
    const resumedRows = comparable(readFileSync(utterances, 'utf8'));
    expect(resumedRows).toHaveLength(24);
    expect(resumedRows).toEqual(comparable(readFileSync(join(fresh, 'utterances.jsonl'), 'utf8')));
    const runJson = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(runJson.status).toBe('complete');
    expect(runJson.sessions).toHaveLength(2);
  }, 90_000);

  it('refuses to resume into a folder made from different inputs', async () => {
    const out = join(dir, 'other-inputs');
    server.setBehaviour(() => ({ kind: 'ok' }));
    expect((await spawnCli(args(out)).done).code).toBe(EXIT.nothingTested);
    const changed = args(out);
    changed.push('--engine-config', 'model=another-model');
    const refused = await spawnCli(changed).done;
    expect(refused.code).toBe(EXIT.badInput);
    expect(refused.stderr).toMatch(/holds a run of different inputs/);
  }, 60_000);
});
