import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateSliceRows } from '../../src/slices/simulate.js';
import type { Summary } from '../../src/stats/summary-schema.js';
import { lastmile } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { writeSimulatedFolder } from './sim-folder.js';

describe('stats --group-by accent,gender', () => {
  it('makes groups of label combinations, keeps small cells (marked) and pools them', async () => {
    // Cell c × male holds only two speakers: below the minimum, so no verdict, but reported.
    const rows = simulateSliceRows({
      seed: 'intersections',
      accents: ['a', 'b', 'c'],
      speakersPerCell: 7,
      utterancesPerSpeaker: 6,
      planted: { accent: 'b', gender: 'female', extra: 0.2 },
    }).filter(
      (r) =>
        !(r.labels.accent === 'c' && r.labels.gender === 'male' && !/spk[01]$/.test(r.speaker)),
    );
    const dir = await writeSimulatedFolder(await tempDir('intersect'), rows);
    const r = lastmile([
      'stats',
      dir,
      '--group-by',
      'accent,gender',
      '--permutations',
      '200',
      '--fail-on',
      'never',
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/Intersections of accent × gender/);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(summary.input.groups).toContain('b × female');
    expect(summary.input.groups).toContain('c × male');
    const x = summary.intersections!.find((i) => i.condition === 'noisy')!;
    expect(x.model).not.toBeNull();
    const small = x.groups.find((g) => g.group === 'c × male')!;
    expect(small.speakers).toBe(2);
    expect(small.assessable).toBe(false);
    expect(small.pooled.value).not.toBeNull();
    // The raw figure by hand: Σ(perturbed − clean errors) / Σ words of the cell's speakers.
    const errors = (h: string | null) => (h ?? '').split(' ').filter((w) => w === 'zzz').length;
    const clean = new Map(
      rows.filter((q) => q.condition === 'clean').map((q) => [q.id, errors(q.hypothesis)]),
    );
    let d = 0;
    let w = 0;
    for (const q of rows)
      if (q.condition === 'noisy' && q.labels.accent === 'b' && q.labels.gender === 'female') {
        d += errors(q.hypothesis) - clean.get(q.id)!;
        w += q.reference.split(' ').length;
      }
    const planted = x.groups.find((g) => g.group === 'b × female')!;
    expect(planted.raw.value).toBeCloseTo(d / w, 10);
    // Two speakers give a raw interval on t(1): the pooled one, borrowing from the margins, is
    // far narrower.
    const width = (c: readonly [number, number] | null) => (c ? c[1] - c[0] : Infinity);
    expect(width(small.pooled.ci)).toBeLessThan(width(small.raw.ci) / 2);
    const top = [...x.groups].sort((a, b) => b.pooled.value! - a.pooled.value!)[0];
    expect(top.group).toBe('b × female');
  });
});
