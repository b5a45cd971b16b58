import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { lastmile, spawnCli, waitFor } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { hissScenario, scaleCorpus } from './fixtures.js';
import { freePort, startRedis } from './redis.js';

/**
 * A TEST ENGINE (file:) for the queue: the fixtures' hash engine (the transcript depends on
 * the audio only), slowed by `delayMs` per call and logging `start|done <pid> <unit>` to a
 * file, so a test can tell which worker process began and finished which unit.
 */
function queueEngine(dir: string, manifest: string, delayMs: number): string {
  const file = join(dir, 'queue-test-engine.mjs');
  const log = join(dir, 'calls.log');
  writeFileSync(
    file,
    `import { appendFileSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
const texts = new Map(readFileSync(${JSON.stringify(manifest)}, 'utf8').split('\\n').filter(Boolean).map((l) => { const r = JSON.parse(l); return [r.id, r.text]; }));
export default {
  defaults: { concurrency: 2 },
  async transcribe(input) {
    appendFileSync(${JSON.stringify(log)}, \`start \${process.pid} \${input.unit}\\n\`);
    await sleep(${delayMs});
    const words = texts.get(input.clipId).split(' ');
    const h = input.audioSha256;
    const text = words.filter((_, k) => parseInt(h[k % h.length], 16) >= (input.unit.startsWith('clean') ? 1 : 4)).join(' ');
    appendFileSync(${JSON.stringify(log)}, \`done \${process.pid} \${input.unit}\\n\`);
    return text;
  },
};
`,
  );
  return `file:${file}`;
}

const rowsOf = (dir: string) =>
  readFileSync(join(dir, 'utterances.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const comparable = (dir: string) =>
  rowsOf(dir)
    .map(({ latencyMs: _, ...rest }) => JSON.stringify(rest))
    .sort();

describe('run --queue and lastmile worker (real redis-server, compiled CLI, file: TEST ENGINE)', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let dir: string;
  let base: string[];
  let log: string;

  beforeAll(async () => {
    redis = await startRedis();
    dir = await tempDir('queue');
    const manifest = await scaleCorpus(dir);
    const engine = queueEngine(dir, manifest, 300);
    log = join(dir, 'calls.log');
    const scenario = await hissScenario(dir);
    base = ['run', scenario, '--corpus', manifest, '--engine', engine, '--progress', 'none'];
    const local = lastmile([...base, '--no-cache', '--out', join(dir, 'local')]);
    expect(local.status).toBe(EXIT.ok);
  }, 120_000);
  afterAll(() => redis?.stop());

  const worker = () =>
    spawnCli(['worker', '--queue', redis.url, '--threads', '0', '--lock-seconds', '2']);

  it('two workers process a run; rows and summary.json equal a single-process run', async () => {
    writeFileSync(log, '');
    const workers = [worker(), worker()];
    try {
      const queued = lastmile([
        ...base,
        '--no-cache',
        '--queue',
        redis.url,
        '--out',
        join(dir, 'q2'),
      ]);
      expect(queued.stderr).toContain('72 units enqueued');
      expect(queued.status).toBe(EXIT.ok);
      expect(comparable(join(dir, 'q2'))).toEqual(comparable(join(dir, 'local')));
      const summary = (d: string) => readFileSync(join(dir, d, 'summary.json'), 'utf8');
      expect(summary('q2')).toBe(summary('local'));
      // Both workers did some of the units.
      const pids = new Set(
        readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('done'))
          .map((l) => l.split(' ')[1]),
      );
      expect(pids).toEqual(new Set(workers.map((w) => String(w.child.pid))));
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.done));
    }
  }, 180_000);

  it('a worker killed with SIGKILL mid-job has its jobs re-run by another: nothing lost or duplicated', async () => {
    writeFileSync(log, '');
    const producer = spawnCli([
      ...base,
      '--no-cache',
      '--queue',
      redis.url,
      '--out',
      join(dir, 'killed'),
    ]);
    const first = worker();
    const lines = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const pid = String(first.child.pid);
    const inFlight = () => {
      const begun = lines()
        .filter((l) => l.startsWith(`start ${pid}`))
        .map((l) => l.split(' ')[2]);
      const ended = new Set(
        lines()
          .filter((l) => l.startsWith(`done ${pid}`))
          .map((l) => l.split(' ')[2]),
      );
      return ended.size >= 6 && begun.some((u) => !ended.has(u));
    };
    // Killed while a call is under way (each takes 300 ms): that job's lock is left to expire.
    await waitFor(inFlight, 60_000, 'the first worker six units in and one in flight');
    first.child.kill('SIGKILL');
    await first.done;
    const started = new Set(
      lines()
        .filter((l) => l.startsWith(`start ${pid}`))
        .map((l) => l.split(' ')[2]),
    );
    const finished = new Set(
      lines()
        .filter((l) => l.startsWith(`done ${pid}`))
        .map((l) => l.split(' ')[2]),
    );
    const cut = [...started].filter((u) => !finished.has(u));
    expect(cut.length).toBeGreaterThan(0);
    const second = worker();
    try {
      const end = await producer.done;
      expect(end.code).toBe(EXIT.ok);
      const units = rowsOf(join(dir, 'killed')).map((r) => r.unit as string);
      expect(units.length).toBe(72);
      expect(new Set(units).size).toBe(72);
      for (const u of cut) expect(units).toContain(u);
      // The cut jobs were done again by the second worker.
      const again = lines()
        .filter((l) => l.startsWith(`done ${second.child.pid}`))
        .map((l) => l.split(' ')[2]);
      for (const u of cut) expect(again).toContain(u);
      expect(comparable(join(dir, 'killed'))).toEqual(comparable(join(dir, 'local')));
    } finally {
      second.child.kill('SIGTERM');
      await second.done;
    }
  }, 240_000);

  it('Redis unreachable: a clear error naming the URL with the credentials redacted', async () => {
    const port = await freePort();
    const url = `redis://ops:hunter2secret@127.0.0.1:${port}`;
    for (const args of [
      [...base, '--queue', url, '--out', join(dir, 'nowhere')],
      ['worker', '--queue', url],
    ]) {
      const r = lastmile(args);
      expect(r.status).toBe(EXIT.badInput);
      expect(r.stderr).toContain(`cannot reach Redis at redis://***@127.0.0.1:${port}`);
      expect(r.stderr + r.stdout).not.toContain('hunter2secret');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});
