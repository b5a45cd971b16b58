import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { lastmile } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { hashEngine, hissScenario, scaleCorpus } from './fixtures.js';

/**
 * summary.json of a merged run against an unsharded run's, compared as whole text: it holds
 * no timestamps or paths, so nothing is exempt (run.json differs: sessions, times, shard).
 */
describe('run --shard i/N and merge (compiled CLI, file: TEST ENGINE)', () => {
  let dir: string;
  let base: string[];
  const run = (...extra: string[]) => lastmile([...base, ...extra]);

  beforeAll(async () => {
    dir = await tempDir('shard');
    const manifest = await scaleCorpus(dir);
    const engine = await hashEngine(dir, manifest);
    const scenario = await hissScenario(dir);
    base = ['run', scenario, '--corpus', manifest, '--engine', engine, '--no-cache'];
    base.push('--progress', 'none');
    const whole = run('--out', join(dir, 'whole'));
    expect(whole.stderr).not.toMatch(/Error/);
    for (const i of [1, 2, 3]) {
      const r = run('--out', join(dir, `s${i}`), '--shard', `${i}/3`);
      expect(r.stderr).toContain(`shard ${i}/3`);
      expect(r.status).toBe(EXIT.ok);
    }
  }, 300_000);

  const rowsOf = (d: string) =>
    readFileSync(join(dir, d, 'utterances.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean);

  it('shards partition the clips, keep a clip whole, and record shard and fingerprint', () => {
    const clipsOf = (d: string) => new Set(rowsOf(d).map((l) => JSON.parse(l).id as string));
    const shards = [1, 2, 3].map((i) => clipsOf(`s${i}`));
    expect(shards.every((s) => s.size > 0)).toBe(true);
    expect(shards.reduce((n, s) => n + s.size, 0)).toBe(24);
    expect(new Set(shards.flatMap((s) => [...s])).size).toBe(24);
    // A clip's three conditions are in one shard.
    for (const i of [1, 2, 3]) expect(rowsOf(`s${i}`).length).toBe(3 * shards[i - 1].size);
    const json = (d: string) => JSON.parse(readFileSync(join(dir, d, 'run.json'), 'utf8'));
    expect(json('s2').shard).toEqual({ index: 2, count: 3, clips: shards[1].size });
    expect(json('s2').fingerprint).toBe(json('whole').fingerprint);
    expect(json('s2').corpus.selected).toBe(24);
  });

  it('merged summary.json is byte-equal to the unsharded run, and so are the rows (as a set)', () => {
    const dirs = [3, 1, 2].map((i) => join(dir, `s${i}`));
    const merged = lastmile(['merge', ...dirs, '--out', join(dir, 'merged')]);
    expect(merged.stderr).toContain('merged 3 shards: 72 units');
    const whole = readFileSync(join(dir, 'whole', 'summary.json'), 'utf8');
    expect(JSON.parse(whole).input.rows).toBe(72);
    expect(readFileSync(join(dir, 'merged', 'summary.json'), 'utf8')).toBe(whole);
    const strip = (l: string) => {
      const { latencyMs: _, ...rest } = JSON.parse(l);
      return JSON.stringify(rest);
    };
    expect(rowsOf('merged').map(strip).sort()).toEqual(rowsOf('whole').map(strip).sort());
    expect(merged.stdout).toBe(lastmile(['stats', join(dir, 'whole')]).stdout);
  });

  it('the slice is stable when the manifest is reordered', () => {
    const manifest = base[base.indexOf('--corpus') + 1];
    const lines = readFileSync(manifest, 'utf8').split('\n').filter(Boolean);
    const reordered = join(dir, 'reordered.jsonl');
    writeFileSync(reordered, `${lines.reverse().join('\n')}\n`);
    const args = [...base];
    args[args.indexOf('--corpus') + 1] = reordered;
    const r = lastmile([...args, '--out', join(dir, 'r2'), '--shard', '2/3']);
    expect(r.status).toBe(EXIT.ok);
    const ids = (d: string) => rowsOf(d).map((l) => JSON.parse(l).id as string);
    expect(new Set(ids('r2'))).toEqual(new Set(ids('s2')));
  });

  it('refuses a missing shard, a duplicated shard and shards of another run, naming them', async () => {
    const out = join(dir, 'refused');
    const missing = lastmile(['merge', join(dir, 's1'), join(dir, 's3'), '--out', out]);
    expect(missing.status).toBe(EXIT.badInput);
    expect(missing.stderr).toContain('shard 2/3 missing');
    const twice = lastmile(['merge', ...[1, 2, 2, 3].map((i) => join(dir, `s${i}`)), '--out', out]);
    expect(twice.status).toBe(EXIT.badInput);
    expect(twice.stderr).toMatch(/shard 2\/3 is given twice/);
    const other = await tempDir('shard-other');
    const r = lastmile([...base, '--limit', '12', '--out', join(other, 'x'), '--shard', '2/3']);
    expect(r.status).toBe(EXIT.ok);
    const mixed = lastmile(['merge', join(dir, 's1'), join(other, 'x'), join(dir, 's3')]);
    expect(mixed.status).toBe(EXIT.usage);
    const mixedOut = lastmile([
      ...['merge', join(dir, 's1'), join(other, 'x'), join(dir, 's3'), '--out', out],
    ]);
    expect(mixedOut.status).toBe(EXIT.badInput);
    expect(mixedOut.stderr).toMatch(/are shards of different runs/);
    const whole = lastmile(['merge', join(dir, 'whole'), '--out', out]);
    expect(whole.stderr).toMatch(/is not a shard/);
    expect(lastmile([...base, '--shard', '4/3']).status).toBe(EXIT.usage);
    expect(lastmile([...base, '--out', join(dir, 's1'), '--shard', '2/3']).stderr).toMatch(
      /holds shard 1\/3 of this run, not 2\/3/,
    );
    expect(mixedOut.stderr).not.toMatch(/at .*\.js/);
  });
});
