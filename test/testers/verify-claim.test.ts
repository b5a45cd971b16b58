import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { simulateSliceRows } from '../../src/slices/simulate.js';
import { lastmile } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { writeSimulatedFolder } from './sim-folder.js';

let dir: string;

function claim(name: string, yaml: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

describe('lastmile verify-claim on held-out speakers', () => {
  beforeAll(async () => {
    // Only b × female degrades more (+20 points); the split comes from `slices`.
    const rows = simulateSliceRows({
      seed: 'claims',
      accents: ['a', 'b', 'c', 'd'],
      speakersPerCell: 10,
      utterancesPerSpeaker: 6,
      planted: { accent: 'b', gender: 'female', extra: 0.2 },
    });
    dir = await writeSimulatedFolder(await tempDir('claims'), rows);
    expect(lastmile(['slices', dir, '--permutations', '100']).status).toBe(0);
  });

  it('confirms a true claim', () => {
    const file = claim(
      'true',
      'claim: b × female degrade more\nslice: { accent: b, gender: female }\nclaimedExcess: 8\n',
    );
    const r = lastmile(['verify-claim', file, dir]);
    expect(r.stdout).toMatch(/^CONFIRMED/);
    expect(r.stdout).toMatch(/tested on held-out speakers \(40\)/);
    expect(r.status).toBe(EXIT.ok);
  });

  it('does not confirm a false claim, nor an overstated one', () => {
    const none = claim(
      'false',
      'slice: { accent: c, gender: male }\ncondition: noisy\nclaimedExcess: 15\n',
    );
    const r = lastmile(['verify-claim', none, dir, '--json']);
    const result = JSON.parse(r.stdout);
    expect(result.verdict).toBe('not confirmed');
    expect(result.figures.ci[1]).toBeLessThan(15);
    expect(r.status).toBe(EXIT.gateFailed);
    const overstated = claim(
      'overstated',
      'slice: { accent: b, gender: female }\nclaimedExcess: 60\n',
    );
    const o = lastmile(['verify-claim', overstated, dir]);
    expect(o.stdout).toMatch(/^NOT CONFIRMED/);
    expect(o.stdout).toMatch(/an excess of at least \d+\.\d is confirmed/);
  });

  it('names an unknown label at its line and column, with the nearest name', () => {
    const bad = claim('bad', 'slice:\n  accent: b\n  gendre: female\nclaimedExcess: 5\n');
    const r = lastmile(['verify-claim', bad, dir]);
    expect(r.status).toBe(EXIT.badInput);
    expect(r.stderr).toContain(`${bad}:3:3`);
    expect(r.stderr).toMatch(/did you mean "gender"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads the claim file as scenarios and suites are read: located syntax and key errors', () => {
    const syntax = claim('syntax', 'slice: { accent: b\nclaimedExcess: 5\n');
    const r = lastmile(['verify-claim', syntax, dir]);
    expect(r.status).toBe(EXIT.badInput);
    expect(r.stderr).toContain(`${syntax}:2:1 YAML syntax`);
    const twice = claim('twice', 'slice: { accent: b }\nclaimedExcess: 5\nclaimedExcess: 6\n');
    expect(lastmile(['verify-claim', twice, dir]).stderr).toContain(`${twice}:3:1 duplicate key`);
    const typo = claim('typo', 'slice: { accent: b }\nclaimedExces: 5\n');
    const t = lastmile(['verify-claim', typo, dir]);
    expect(t.stderr).toContain(
      `${typo}:2:1 claimedExces: unknown key "claimedExces" (did you mean "claimedExcess"?)`,
    );
    expect(t.stderr).toContain('missing required key "claimedExcess"');
  });
});
