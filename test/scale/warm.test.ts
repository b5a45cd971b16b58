import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav16 } from '../../src/audio/write.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { lastmile } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { hashEngine, hissScenario, scaleCorpus } from './fixtures.js';

/**
 * A warm re-run finds each clip × condition's audio hash in the audio-identity store and the
 * transcript in the cache: no engine call and no perturbation, and rows equal to the cold run's
 * apart from how the unit was served (cached, attempts, latency). A changed scenario is new
 * audio: a miss, never a stale transcript.
 */
describe('warm re-run: remembered audio identities (compiled CLI, file: TEST ENGINE)', () => {
  it('skips DSP and engine calls with the same rows and summary, and misses on a changed seed', async () => {
    const dir = await tempDir('warm');
    const manifest = await scaleCorpus(dir);
    const engine = await hashEngine(dir, manifest);
    const scenario = await hissScenario(dir);
    const cacheDir = join(dir, 'cache');
    const run = (out: string) =>
      lastmile(
        ['run', scenario, '--corpus', manifest, '--engine', engine, '--cache-dir', cacheDir].concat(
          ['--progress', 'none', '--out', join(dir, out)],
        ),
      );
    const cold = run('cold');
    expect(cold.status).toBe(EXIT.ok);
    expect(cold.stderr).toContain('72 units (0 from before, 72 now: 72 calls');
    // Every clip × condition is remembered: 24 clips × 3 conditions.
    const store = join(cacheDir, 'audio-identity');
    const entries = readdirSync(store).flatMap((d) => readdirSync(join(store, d)));
    expect(entries.length).toBe(72);

    const warm = run('warm');
    expect(warm.status).toBe(EXIT.ok);
    expect(warm.stderr).toContain('72 now: 0 calls, 0 retries, 72 cached');
    expect(warm.stderr).toContain(
      'audio: 0 clip × conditions perturbed, 72 known from an earlier run',
    );
    const rows = (out: string) =>
      readFileSync(join(dir, out, 'utterances.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const { latencyMs: _, cached: __, attempts: ___, ...rest } = JSON.parse(l);
          return JSON.stringify(rest);
        })
        .sort();
    expect(rows('warm')).toEqual(rows('cold'));
    const summary = (out: string) => readFileSync(join(dir, out, 'summary.json'), 'utf8');
    expect(summary('warm')).toBe(summary('cold'));

    // Another seed: the scenario's conditions are new identities and are perturbed again; the
    // noise is new audio (sent to the engine), the fixed gain the same audio (a cache hit).
    // Clean does not depend on the scenario and stays known.
    writeFileSync(scenario, readFileSync(scenario, 'utf8').replace('seed: 3', 'seed: 4'));
    const reseeded = run('reseeded');
    expect(reseeded.status).toBe(EXIT.ok);
    expect(reseeded.stderr).toContain('72 now: 24 calls');
    expect(reseeded.stderr).toContain('audio: 48 clip × conditions perturbed, 24 known');
    const hashes = (out: string, condition: string) =>
      readFileSync(join(dir, out, 'utterances.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((r) => r.condition === condition)
        .map((r) => `${r.id} ${r.audioSha256}`)
        .sort();
    const changed = hashes('reseeded', 'white30').filter((h) =>
      hashes('cold', 'white30').includes(h),
    );
    expect(changed).toEqual([]);
    expect(hashes('reseeded', 'quiet')).toEqual(hashes('cold', 'quiet'));
  }, 180_000);

  it('takes a noise bed replaced in place under the same name as new audio: a miss, and no resume', async () => {
    const dir = await tempDir('warm-bed');
    const manifest = await scaleCorpus(dir);
    const engine = await hashEngine(dir, manifest);
    const bed = (seed: number) => {
      const samples = new Float32Array(16_000);
      let x = seed;
      for (let i = 0; i < samples.length; i++) {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        samples[i] = (x / 2 ** 31 - 0.5) * 0.2;
      }
      writeFileSync(join(dir, 'bed.wav'), encodeWav16({ samples, sampleRate: 16_000 }));
    };
    bed(1);
    const scenario = join(dir, 'bed.yaml');
    writeFileSync(
      scenario,
      'name: bed\nseed: 3\nconditions:\n  - name: hvac\n    chain:\n      - noise: { file: bed.wav, snr: 20dB }\n',
    );
    const cacheDir = join(dir, 'cache');
    const run = (out: string) =>
      lastmile(
        ['run', scenario, '--corpus', manifest, '--engine', engine, '--cache-dir', cacheDir].concat(
          ['--progress', 'none', '--out', join(dir, out)],
        ),
      );
    expect(run('cold').status).toBe(EXIT.ok);
    const warm = run('warm');
    expect(warm.stderr).toContain('audio: 0 clip × conditions perturbed, 48 known');
    bed(2);
    const swapped = run('swapped');
    expect(swapped.status).toBe(EXIT.ok);
    // Clean is the clip alone (known); every hvac unit is made again from the new bed.
    expect(swapped.stderr).toContain('audio: 24 clip × conditions perturbed, 24 known');
    expect(swapped.stderr).toContain('48 now: 24 calls');
    // The cold folder was made with the other bed: resuming it would mix two conditions.
    const resumed = run('cold');
    expect(resumed.status).not.toBe(EXIT.ok);
    expect(resumed.stderr).toMatch(/other inputs|different|fingerprint/i);
  }, 180_000);
});
