import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/corpus.js';
import { type Outcome, runCase } from './run-case.js';
import { BAD_INPUTS, badInputMarkdown } from './table.js';

/** Runs every case, two CLI processes at a time (the suite shares two cores). */
async function runAll(root: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(BAD_INPUTS.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < BAD_INPUTS.length; i = next++)
      outcomes[i] = await runCase(join(root, String(i)), BAD_INPUTS[i]);
  };
  await Promise.all([worker(), worker()]);
  return outcomes;
}

describe('what lastmile does with bad input (compiled CLI, one row of test/bad-input/table.ts each)', () => {
  let outcomes: Outcome[];
  beforeAll(async () => {
    outcomes = await runAll(await tempDir('bad-input'));
  }, 900_000);

  it('has at least 90 cases', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(90);
  });

  it.each(BAD_INPUTS.map((c, i) => [c.input, i] as const))('%s', (_name, i) => {
    const c = BAD_INPUTS[i];
    const o = outcomes[i];
    const shown = `exit ${o.code}\n${o.stderr}\nstdout: ${o.stdout.slice(0, 2000)}`;
    expect(o.code, shown).toBe(c.exit);
    for (const text of c.says) expect(o.stderr, shown).toContain(text);
    for (const text of c.prints ?? []) expect(o.stdout, shown).toContain(text);
    expect(o.leftBehind, shown).toEqual([]);
    expect(o.stderr + o.stdout, shown).not.toMatch(/\n\s+at /);
    expect(o.stderr, shown).not.toContain('internal error');
  });
});

describe('docs/bad-input.md', () => {
  it('is the table the test runs (regenerate: npx tsx scripts/update-bad-input-doc.ts)', () => {
    expect(readFileSync('docs/bad-input.md', 'utf8')).toBe(badInputMarkdown());
  });
});
