import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSlices, type SlicesResult } from '../../src/slices/find-slices.js';
import { simulateSliceRows } from '../../src/slices/simulate.js';
import { lastmile } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { plantedExcess, writeSimulatedFolder } from './sim-folder.js';

const ACCENTS = ['a', 'b', 'c', 'd'];

describe('lastmile slices', () => {
  it('puts a planted accent × gender effect at the top and confirms it on held-out speakers', async () => {
    const rows = simulateSliceRows({
      seed: 'planted-1',
      accents: ACCENTS,
      speakersPerCell: 10,
      utterancesPerSpeaker: 6,
      planted: { accent: 'b', gender: 'female', extra: 0.2 },
    });
    const dir = await writeSimulatedFolder(await tempDir('slices'), rows);
    const r = lastmile(['slices', dir, '--permutations', '400']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/accent=b ∧ gender=female/);
    const result = JSON.parse(readFileSync(join(dir, 'slices.json'), 'utf8')) as SlicesResult;
    const top = result.slices[0];
    expect(top.label).toBe('accent=b ∧ gender=female');
    expect(top.pMaxT).toBeLessThanOrEqual(0.05);
    expect(top.confirmation?.confirmed).toBe(true);
    // The excess as computed from the rows by hand (not by src/slices).
    const byHand = plantedExcess(
      rows,
      (x) => x.labels.accent === 'b' && x.labels.gender === 'female',
    );
    expect(top.figures.excess).toBeCloseTo(byHand, 2);
    // The attribution splits the excess between the two labels; the intersection carries more
    // than either main effect alone shows.
    const total = top.attribution.reduce((s, a) => s + a.points, 0);
    expect(total).toBeCloseTo(top.figures.excess, 2);
    const main = result.slices.find((s) => s.label === 'gender=female');
    if (main) expect(main.figures.excess).toBeLessThan(top.figures.excess / 2);
  });

  it('on null data confirms a slice in at most α of simulations (split by speaker)', () => {
    // 40 small null datasets: a lean check; bench/slices.ts runs the 200+ that are quoted.
    let confirmed = 0;
    let maxT = 0;
    for (let i = 0; i < 40; i++) {
      const rows = simulateSliceRows({
        seed: `null-${i}`,
        accents: ACCENTS,
        speakersPerCell: 6,
        utterancesPerSpeaker: 3,
      });
      const r = findSlices(rows, { permutations: 99, seed: i });
      if (r.split.carried.some((c) => c.confirmed)) confirmed++;
      if (r.search.smallestPMaxT <= 0.05) maxT++;
    }
    // P(X ≥ 7 | n = 40, p = 0.05) ≈ 0.014: a rate near α passes, a broken control fails.
    expect(confirmed).toBeLessThanOrEqual(6);
    expect(maxT).toBeLessThanOrEqual(6);
  });
});
