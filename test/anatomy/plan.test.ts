import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { planCost } from '../../src/plan/plan-run.js';
import { resolveRunConfig } from '../../src/run/config.js';
import { executeRun } from '../../src/run/execute.js';
import { spawnCli } from '../helpers/cli.js';
import { BUNDLED, tempDir } from '../helpers/corpus.js';
import { type OpenAiDouble, startOpenAiDouble } from '../helpers/openai-double.js';

// Counts the perturbations an estimate makes: the real unitAudio, wrapped (nothing replaced).
const perturbations = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/run/unit-audio.js', async (original) => {
  const real = await original<typeof import('../../src/run/unit-audio.js')>();
  return {
    ...real,
    unitAudio: (...args: Parameters<typeof real.unitAudio>) => {
      perturbations.count++;
      return real.unitAudio(...args);
    },
  };
});

/**
 * `lastmile plan` against the loopback OpenAI-compatible TEST DOUBLE (test/helpers/
 * openai-double.ts, a fault-injection double answering every call here): what the plan
 * predicts is what the following run does, counted by the double itself.
 */
describe('plan against the OpenAI-compatible TEST DOUBLE', () => {
  let server: OpenAiDouble;
  let dir: string;
  beforeAll(async () => {
    server = await startOpenAiDouble();
    dir = await tempDir('plan');
  });
  afterAll(() => server.close());

  const config = (scenario: string, out: string) =>
    resolveRunConfig({
      scenarios: [resolve('scenarios', scenario)],
      corpus: BUNDLED,
      engines: [`openai:${server.url}`],
      limit: 8,
      out: join(dir, out),
      cacheDir: join(dir, 'cache'),
    });

  it('plan figures (units, cache hits, calls) equal what the following run performs', async () => {
    // A first run caches the clean audio of the same 8 clips (clean is shared by scenarios).
    await executeRun(await config('dropouts.yaml', 'warm'));
    const c = await config('dead-air.yaml', 'run');
    const [plan] = (await planCost(c)).engines;
    const before = server.requests.length;
    const run = await executeRun(c);
    const calls = server.requests.length - before;
    expect(plan.units).toBe(run.total);
    expect(plan.units).toBe(8 * 3);
    expect(plan.cacheHits).toBe(run.stats[plan.engine].cacheHits);
    expect(plan.cacheHits).toBe(8); // the clean units
    expect(plan.calls).toBe(calls);
    expect(plan.calls).toBe(16);
    // dead-air lengthens every clip: open-line by 3 s, dictation-pauses by 1.6-4 s.
    const manifestSeconds = run.plan.clips.reduce((t, clip) => t + (clip.duration ?? 0), 0);
    expect(manifestSeconds).toBeGreaterThan(8 * 2);
    expect(plan.audioSeconds).toBeGreaterThan(2 * manifestSeconds + 8 * (3 + 1.6) - 0.1);
    expect(plan.audioSeconds).toBeLessThan(2 * manifestSeconds + 8 * (3 + 4) + 0.1);
    // Planned again over the finished folder: everything is done, nothing to call.
    const [again] = (await planCost(c)).engines;
    expect(again).toMatchObject({ done: 24, calls: 0, cost: 0 });
  });

  it('a warm estimate makes no audio: hashes and lengths come from the audio-identity store', async () => {
    // The first test's run remembered every unit's audio: a new folder's estimate (a nightly
    // suite's cost check, warm) finds each one cached without perturbing anything.
    let before = perturbations.count;
    const [warm] = (await planCost(await config('dead-air.yaml', 'elsewhere'))).engines;
    expect(perturbations.count - before).toBe(0);
    expect(warm).toMatchObject({ units: 24, done: 0, cacheHits: 24, calls: 0 });

    // An estimate remembers what it made, lengths included: the next one bills the same
    // seconds for the same calls without making the audio again.
    const storeOnly = async () => ({
      ...(await config('dead-air.yaml', 'store-only')),
      cacheDir: join(dir, 'store-only-cache'),
    });
    before = perturbations.count;
    const [first] = (await planCost(await storeOnly())).engines;
    expect(perturbations.count - before).toBe(24);
    expect(first).toMatchObject({ cacheHits: 0, calls: 24 });
    before = perturbations.count;
    const [second] = (await planCost(await storeOnly())).engines;
    expect(perturbations.count - before).toBe(0);
    expect(second).toMatchObject({ cacheHits: 0, calls: 24 });
    expect(second.audioSeconds).toBe(first.audioSeconds);
    expect(first.audioSeconds).toBeGreaterThan(8 * 3 * 2);
  });

  it('a suite cost limit stops the run before its first paid call; --allow-cost goes ahead', async () => {
    const prices = join(dir, 'prices.yaml');
    await writeFile(
      prices,
      `currency: USD\nprices:\n  - engine: "openai:${server.url}"\n    perMinute: 1.5\n    date: 2026-11-30\n    source: test price for the double\n`,
    );
    const suite = join(dir, 'paid.yaml');
    await writeFile(
      suite,
      [
        'name: paid',
        `corpus: ${BUNDLED}`,
        `scenarios: [${resolve('scenarios/dropouts.yaml')}]`,
        `engines: ["openai:${server.url}"]`,
        'limit: 4',
        'cost: { warnAbove: 0.01, limit: 0.05, prices: prices.yaml }',
      ].join('\n'),
    );
    const before = server.requests.length;
    const out = join(dir, 'refused');
    const args = ['run', '--suite', suite, '--out', out, '--no-cache'];
    const refused = await spawnCli(args).done;
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/passes the suite's limit of 0\.05 USD: no engine was called/);
    expect(server.requests.length).toBe(before);
    // Nothing is left behind: not even the folder the refused run would have written.
    expect(existsSync(out)).toBe(false);
    const allowed = await spawnCli([...args, '--allow-cost', '--output', 'summary.json']).done;
    expect(allowed.stderr).toMatch(/going ahead \(--allow-cost\)/);
    expect(server.requests.length - before).toBe(4 * 3);
  });
});
