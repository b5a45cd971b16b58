import { describe, expect, it } from 'vitest';
import type { UtteranceRow } from '../../src/results/row.js';
import { runWarnings } from '../../src/results/run-warnings.js';
import { getNormalizer } from '../../src/scoring/normalize.js';
import { scoreText } from '../../src/scoring/wer.js';

const row = (hypothesis: string | null, extra: Partial<UtteranceRow> = {}): UtteranceRow =>
  ({
    unit: `clean|e|${Math.random()}`,
    id: 'c',
    speaker: 's',
    labels: { accent: 'x' },
    condition: 'clean',
    engine: 'e',
    reference: 'the cat sat',
    hypothesis,
    ...extra,
  }) as UtteranceRow;

describe('an engine that returns nothing for speech', () => {
  it('is scored as every reference word deleted, never as a perfect transcript', () => {
    const s = scoreText(getNormalizer('en-basic'), 'the cat sat on the mat', '');
    expect(s).toMatchObject({ refWords: 6, hits: 0, deletions: 6, insertions: 0, wer: 1 });
  });

  it('is said at the end of the run, counted per engine', () => {
    const lines = runWarnings([row(''), row(''), row('the cat sat'), row(null, { error: 'x' })]);
    expect(lines[0]).toBe(
      'e returned an empty transcript for 2 of 3 units with speech; each counts as every reference word deleted (100 % WER)',
    );
    expect(runWarnings([row(''), row(' ')])[0]).toContain('every unit: is the engine working?');
    expect(runWarnings([row('', { reference: '' })])).toEqual([]);
  });

  it('groups error units by cause, numbers aside', () => {
    const lines = runWarnings([
      row(null, { error: 'transcript of 59 characters is too long' }),
      row(null, { error: 'transcript of 61 characters is too long' }),
      row(null, { error: 'HTTP 500' }),
    ]);
    expect(lines[0]).toMatch(/^2 error units like e · clean · c: transcript of 59 characters/);
    expect(lines[1]).toMatch(/^1 error unit like e · clean · c: HTTP 500/);
  });
});
