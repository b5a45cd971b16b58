import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { lastmile } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { LIGHT_SCENARIO, testRun } from '../report/make-run.js';

/**
 * `lastmile compare` on real runs (compiled CLI, bundled corpus, light scenario) transcribed by
 * the `file:` TEST ENGINE: it drops words at random, and `extra` more for one group — the
 * planted regression.
 */
describe('lastmile compare (compiled CLI, file: TEST ENGINE)', () => {
  let dir: string;
  const run = (name: string, o: Parameters<typeof testRun>[1] = {}) => {
    const r = testRun(join(dir, name), { outputs: ['summary.json'], ...o });
    expect([EXIT.ok, EXIT.gateFailed], r.stderr).toContain(r.status);
    return join(dir, name);
  };
  let nightA: string;
  let nightB: string;

  beforeAll(async () => {
    dir = await tempDir('compare');
    nightA = run('night-a', { salt: 'a' });
    nightB = run('night-b', { salt: 'b' });
  });

  it('stays quiet for two runs of the same suite (same engine, words lost by chance alone)', () => {
    const r = lastmile(['compare', nightA, nightB]);
    expect(r.status, r.stderr + r.stdout).toBe(EXIT.ok);
    expect(r.stdout).toContain('960 paired units (960 with the same audio by hash)');
    expect(r.stdout).not.toMatch(/^regressed/m);
    expect(r.stdout).toContain('no regression beyond the limit');
    // --out names a folder that need not exist yet (a CI job's artifact folder).
    const out = join(dir, 'artifacts', 'compare');
    expect(lastmile(['compare', nightA, nightB, '--out', out]).status).toBe(EXIT.ok);
    expect(readFileSync(join(out, 'compare.md'), 'utf8')).toContain('no regression');
    const same = lastmile(['compare', nightA, nightA, '--no-write']);
    expect(same.status).toBe(EXIT.ok);
    expect(same.stdout).toContain('40 of 40 cell measures unchanged');
  });

  it('finds a planted regression in one group, exits 3, and writes compare.md and compare.html', () => {
    const planted = run('planted', { salt: 'b', group: 'synthetic/v-w-merger', extra: 0.2 });
    const r = lastmile(['compare', nightA, planted]);
    expect(r.status, r.stderr + r.stdout).toBe(EXIT.gateFailed);
    const regressed = r.stdout.split('\n').filter((l) => l.startsWith('regressed'));
    expect(regressed.length).toBeGreaterThan(0);
    for (const line of regressed) expect(line).toContain('synthetic/v-w-merger');
    expect(regressed.some((l) => /WER\s+hum\s+synthetic\/v-w-merger/.test(l))).toBe(true);
    const md = readFileSync(join(planted, 'compare.md'), 'utf8');
    expect(md).toMatch(/\| regressed \| WER \| .* \| hum \| synthetic\/v-w-merger \|/);
    const html = readFileSync(join(planted, 'compare.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script/);
    // A limit above the planted effect turns the regressions into passes.
    expect(lastmile(['compare', nightA, planted, '--limit', '60', '--no-write']).status).toBe(
      EXIT.ok,
    );
  });

  it('refuses runs of different clips or scenarios, naming the difference; --overlap compares what they share', () => {
    const fewer = run('fewer', { salt: 'a', extraArgs: ['--limit', '120'] });
    const refused = lastmile(['compare', nightA, fewer]);
    expect(refused.status).toBe(EXIT.badInput);
    expect(refused.stderr).toContain(
      'units differ: 480 only in the baseline, 0 only in the new run',
    );
    expect(refused.stderr).toContain('--overlap');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const overlap = lastmile(['compare', nightA, fewer, '--overlap', '--no-write']);
    expect(overlap.status, overlap.stderr).toBe(EXIT.ok);
    expect(overlap.stdout).toContain('left out: 480 units only in the baseline');

    const otherSeed = join(dir, 'light-seed-6.yaml');
    writeFileSync(otherSeed, readFileSync(LIGHT_SCENARIO, 'utf8').replace('seed: 5', 'seed: 6'));
    const other = run('other-seed', { salt: 'a', scenario: otherSeed });
    const mismatch = lastmile(['compare', nightA, other, '--no-write']);
    expect(mismatch.status).toBe(EXIT.badInput);
    expect(mismatch.stderr).toContain('scenarios: light@');
    expect(mismatch.stderr).toMatch(/have different audio \(their hashes differ\)/);
  });
});
