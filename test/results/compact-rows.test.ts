import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unitKey } from '../../src/results/row.js';
import { readAllUtterances, readUtterances } from '../../src/results/utterances.js';
import { tempDir } from '../helpers/corpus.js';

const row = (id: string, condition: string, extra: object = {}) => ({
  unit: unitKey(condition, 'e', id),
  id,
  speaker: `s-${id}`,
  labels: { accent: `a-${id}`, gender: 'f' },
  condition,
  engine: 'e',
  reference: `words of ${id}`,
  hypothesis: `heard ${id} ${condition}`,
  audioSha256: `${id}${condition}`.padEnd(64, '0'),
  ...extra,
});

describe('rows held all at once share what repeats and leave out what is not read', () => {
  it('equal the rows as written, less the fields left out; one labels object per clip', async () => {
    const dir = await tempDir('compact');
    const path = join(dir, 'utterances.jsonl');
    const written = ['c1', 'c2'].flatMap((id) => [
      row(id, 'clean'),
      row(id, 'noisy@snr=5', {
        scenario: 'noisy',
        sweep: { base: 'noisy', values: { snr: 5 } },
        params: [{ snr: 5, color: 'pink' }],
        notes: { '0.noise.clipped': 0 },
      }),
    ]);
    await writeFile(path, written.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const plain: unknown[] = [];
    for await (const r of readUtterances(path)) plain.push(r);
    expect(await readAllUtterances(path)).toEqual(plain);
    const slim = await readAllUtterances(path, { omit: ['params', 'notes'] });
    expect(slim).toEqual(
      written.map(({ params: _p, notes: _n, ...r }: Record<string, unknown>) => r),
    );
    expect(slim[0].labels).toBe(slim[1].labels);
    expect(slim[2].labels).toBe(slim[3].labels);
    expect(slim[0].labels).not.toBe(slim[2].labels);
    expect(Object.keys(slim[1])).not.toContain('params');
  });
});
