import { describe, expect, it } from 'vitest';
import { type UtteranceRow, unitKey } from '../../src/results/row.js';
import { createRng } from '../../src/rng.js';
import { RowTally } from '../../src/run/tally.js';
import { getNormalizer } from '../../src/scoring/normalize.js';
import { computeSummary, computeSummaryOfScored } from '../../src/stats/compute.js';

const WORDS = 'the quick brown fox jumps over a lazy dog near river bank at dawn'.split(' ');

/**
 * Rows as a run writes them, in a shuffled (completion) order: three groups of eight
 * speakers, two engines, clean, a noise condition and a two-point sweep, a few error units
 * and units written twice (an error, then the retry's transcript, or two transcripts). For
 * the error anatomy: keyword terms in the references (KEYWORDS), repetition loops in a
 * quarter of the noisy transcripts, and clips without speech that engines hear words in.
 */
function runRows(seed: number): UtteranceRow[] {
  const rng = createRng('tally-test', seed);
  const rows: UtteranceRow[] = [];
  const conditions = [
    { name: 'clean' },
    { name: 'noise' },
    { name: 'gain@db=-3', sweep: { base: 'gain', values: { db: -3 } } },
    { name: 'gain@db=-9', sweep: { base: 'gain', values: { db: -9 } } },
  ];
  for (let clip = 0; clip < 96; clip++) {
    const speaker = `s${clip % 24}`;
    const group = ['a', 'b', 'c'][clip % 3];
    const silent = clip % 16 === 5;
    const reference = silent
      ? ''
      : Array.from({ length: 12 }, (_, k) => WORDS[(clip + k * 3) % 14]).join(' ');
    for (const c of conditions)
      for (const engine of ['e1', 'e2']) {
        const drop = c.name === 'clean' ? 0.05 : group === 'c' ? 0.3 : 0.15;
        const hyp = () => {
          if (silent) return rng.next() < 0.5 ? '' : 'thank you for watching';
          const words = reference
            .split(' ')
            .filter(() => rng.next() > drop)
            .map((w) => (rng.next() < 0.05 ? 'uh' : rng.next() < 0.05 ? 'fox' : w));
          if (c.name !== 'clean' && rng.next() < 0.25)
            words.push('lazy', 'dog', 'lazy', 'dog', 'lazy', 'dog');
          return words.join(' ');
        };
        const base = {
          unit: unitKey(c.name, engine, `c${clip}`),
          id: `c${clip}`,
          speaker,
          labels: { accent: group, gender: clip % 2 ? 'f' : 'm' },
          condition: c.name,
          ...(c.sweep && { sweep: c.sweep }),
          engine,
          reference,
          params: [{ gain: -3, seed: clip }],
          latencyMs: 10,
        };
        const roll = rng.next();
        if (roll < 0.03) rows.push({ ...base, hypothesis: null, error: 'HTTP 503' });
        else if (roll < 0.06) {
          rows.push({ ...base, hypothesis: null, error: 'timeout' });
          rows.push({ ...base, hypothesis: hyp() });
        } else if (roll < 0.08) {
          rows.push({ ...base, hypothesis: hyp() });
          rows.push({ ...base, hypothesis: hyp() });
        } else rows.push({ ...base, hypothesis: hyp() });
      }
  }
  // Completion order: shuffled, but a unit's rows keep their order (the later one wins).
  const order = rows.map((r, i) => ({ r, i, k: rng.next() }));
  const byUnit = new Map<string, number>();
  for (const o of order) {
    const first = byUnit.get(o.r.unit);
    if (first === undefined) byUnit.set(o.r.unit, o.k);
    else o.k = first + 1e-9 * o.i;
  }
  return order.sort((a, b) => a.k - b.k || a.i - b.i).map((o) => o.r);
}

/** What the analysis computed before the tally: the rows, stably sorted by unit key. */
function sortedRows(rows: readonly UtteranceRow[]): UtteranceRow[] {
  return [...rows].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

const KEYWORDS = { source: 'inline', terms: ['quick brown', 'river bank', 'dawn', 'dog'] };

const options = (groupBy: string) => ({
  groupBy,
  permutations: 400,
  conditionOrder: ['clean', 'noise', 'gain@db=-3', 'gain@db=-9'],
  keywords: KEYWORDS,
});

describe('RowTally: the analysis from counts per unit instead of rows', () => {
  for (const groupBy of ['accent', 'gender', 'accent,gender']) {
    it(`summary equals computeSummary over the sorted rows, byte for byte (by ${groupBy})`, () => {
      const rows = runRows(7);
      const tally = new RowTally(groupBy, getNormalizer('en-basic'), KEYWORDS);
      for (const row of rows) tally.add(row);
      const expected = JSON.stringify(computeSummary(sortedRows(rows), options(groupBy)));
      const got = JSON.stringify(computeSummaryOfScored(tally.scored(), options(groupBy)));
      const summary = JSON.parse(expected);
      expect(summary.input.duplicateUnits).toBeGreaterThan(0);
      expect(summary.input.errored).toBeGreaterThan(0);
      // The anatomy has something to agree on: keyword rates with verdicts, loops, no-speech
      // words, and full shelves of examples.
      expect(summary.anatomy.keywords.terms).toBe(KEYWORDS.terms.length);
      const halls = summary.anatomy.hallucinations;
      expect(halls.some((h: { loopInsertions: number }) => h.loopInsertions > 0)).toBe(true);
      expect(halls.some((h: { noSpeechInsertions: number }) => h.noSpeechInsertions > 0)).toBe(
        true,
      );
      expect(halls.some((h: { examples: unknown[] }) => h.examples.length === 3)).toBe(true);
      expect(tally.examplesExact).toBe(true);
      expect(got).toBe(expected);
    });
  }

  it('another completion order gives the same summary; none normaliser too', () => {
    const rows = runRows(11);
    const normalizer = getNormalizer('none');
    const a = new RowTally('accent', normalizer, KEYWORDS);
    for (const row of rows) a.add(row);
    const b = new RowTally('accent', normalizer, KEYWORDS);
    for (const row of [...rows].reverse()) b.add(row);
    const opts = { ...options('accent'), normalizer };
    const expected = JSON.stringify(computeSummary(sortedRows(rows), opts));
    expect(JSON.stringify(computeSummaryOfScored(a.scored(), opts))).toBe(expected);
    // Reversed order changes which duplicate is the latest: compare with that order's rows.
    const reversed = [...rows].reverse();
    expect(JSON.stringify(computeSummaryOfScored(b.scored(), opts))).toBe(
      JSON.stringify(computeSummary(sortedRows(reversed), opts)),
    );
  });

  it('counts units, error units (latest row), membership and sources', () => {
    const tally = new RowTally('accent', getNormalizer('en-basic'));
    const row = (condition: string, id: string, error?: string): UtteranceRow => ({
      unit: unitKey(condition, 'e', id),
      id,
      speaker: 's',
      labels: {},
      condition,
      engine: 'e',
      reference: 'a b',
      hypothesis: error ? null : 'a b',
      ...(error && { error }),
    });
    tally.add(row('clean', 'x', 'boom'), undefined, 2);
    tally.add(row('clean', 'y'));
    tally.add(row('noise', 'x'));
    expect(tally.units()).toEqual({ done: 3, errors: 1 });
    tally.add(row('clean', 'x'), undefined, 3);
    expect(tally.units()).toEqual({ done: 3, errors: 0 });
    expect(tally.units((c) => c === 'clean')).toEqual({ done: 2, errors: 0 });
    expect(tally.rows).toBe(4);
    expect(tally.errored).toBe(1);
    expect(tally.has('noise', 'e', 'x')).toBe(true);
    expect(tally.has('noise', 'e', 'y')).toBe(false);
    expect(tally.has('other', 'e', 'x')).toBe(false);
    expect(tally.sourceOf('clean', 'e', 'x')).toBe(3);
    expect(tally.sourceOf('clean', 'e', 'y')).toBe(0);
    expect(tally.sourceOf('clean', 'e', 'z')).toBeUndefined();
  });

  it('hallucination examples stay those of the rows when units are rewritten without one', () => {
    // One engine × condition × group with 20 looping clips: the report shows the first 3 by
    // clip id; rewriting the first 4 of them without the loop must bring up the next ones.
    const row = (clip: number, condition: string, loop: boolean): UtteranceRow => {
      const id = `k${String(clip).padStart(2, '0')}`;
      return {
        unit: unitKey(condition, 'e', id),
        id,
        speaker: `s${clip % 10}`,
        labels: { accent: 'a' },
        condition,
        engine: 'e',
        reference: 'the lazy dog',
        hypothesis: loop ? 'the lazy dog dog dog dog' : 'the lazy dog',
      };
    };
    const rows: UtteranceRow[] = [];
    for (let clip = 19; clip >= 0; clip--)
      rows.push(row(clip, 'clean', false), row(clip, 'noise', true));
    for (let clip = 0; clip < 4; clip++) rows.push(row(clip, 'noise', false));
    const tally = new RowTally('accent', getNormalizer('en-basic'));
    for (const r of rows) tally.add(r);
    const opts = { groupBy: 'accent', permutations: 50, conditionOrder: ['clean', 'noise'] };
    const expected = computeSummary(sortedRows(rows), opts);
    const [noise] = expected.anatomy.hallucinations.filter((h) => h.condition === 'noise');
    expect(noise.examples.map((e) => e.clip)).toEqual(['k04', 'k05', 'k06']);
    expect(tally.examplesExact).toBe(true);
    expect(JSON.stringify(computeSummaryOfScored(tally.scored(), opts))).toBe(
      JSON.stringify(expected),
    );
    // Past the spare room the tally says it can no longer vouch for the examples.
    for (let clip = 4; clip < 12; clip++) tally.add(row(clip, 'noise', false));
    expect(tally.examplesExact).toBe(false);
  });

  it('a tally of 40,000 units (several storage chunks) gives the summary of its rows', () => {
    const rows: UtteranceRow[] = [];
    const rng = createRng('tally-chunks', 3);
    for (let clip = 0; clip < 2000; clip++)
      for (let c = 0; c < 10; c++)
        for (const engine of ['e1', 'e2']) {
          const condition = c === 0 ? 'clean' : `n${c}`;
          const id = `c${clip}`;
          rows.push({
            unit: unitKey(condition, engine, id),
            id,
            speaker: `s${clip % 40}`,
            labels: { accent: `g${clip % 4}` },
            condition,
            engine,
            reference: 'the quick brown fox',
            hypothesis:
              rng.next() < 0.02
                ? null
                : rng.next() < 0.3 * (c / 10)
                  ? 'the brown fox'
                  : 'the quick brown fox',
          });
        }
    const shuffled = rows.map((r) => ({ r, k: rng.next() })).sort((a, b) => a.k - b.k);
    const tally = new RowTally('accent', getNormalizer('en-basic'));
    for (const { r } of shuffled) tally.add(r);
    expect(tally.units().done).toBe(40_000);
    expect(tally.has('n9', 'e2', 'c1999')).toBe(true);
    const opts = { groupBy: 'accent', permutations: 20 };
    expect(JSON.stringify(computeSummaryOfScored(tally.scored(), opts))).toBe(
      JSON.stringify(computeSummary(sortedRows(shuffled.map((x) => x.r)), opts)),
    );
  }, 60_000);

  it('counts past 16 bits and a clip whose rows name other speakers or groups stay exact', () => {
    const long = Array.from({ length: 70_000 }, (_, k) => WORDS[k % 14]).join(' ');
    const rows: UtteranceRow[] = [];
    for (let clip = 0; clip < 24; clip++)
      for (const condition of ['clean', 'noise']) {
        const id = `c${clip}`;
        // Clip 0's noise row says another speaker and group than its clean row; clip 1 has a
        // reference of 70,000 words all deleted, clip 2 a hypothesis of 70,000 inserted.
        const other = clip === 0 && condition === 'noise';
        rows.push({
          unit: unitKey(condition, 'e1', id),
          id,
          speaker: other ? 's99' : `s${clip % 8}`,
          labels: { accent: other ? 'z' : `g${clip % 2}` },
          condition,
          engine: 'e1',
          reference: clip === 1 ? long : 'the quick brown fox',
          hypothesis:
            clip === 1 && condition === 'noise'
              ? ''
              : clip === 2 && condition === 'noise'
                ? long
                : condition === 'noise' && clip % 3 === 0
                  ? 'the brown fox'
                  : 'the quick brown fox',
        });
      }
    const tally = new RowTally('accent', getNormalizer('en-basic'));
    for (const row of rows) tally.add(row);
    const opts = { groupBy: 'accent', permutations: 20, minSpeakers: 1 };
    const expected = computeSummary(sortedRows(rows), opts);
    expect(JSON.stringify(computeSummaryOfScored(tally.scored(), opts))).toBe(
      JSON.stringify(expected),
    );
    const units = [...tally.scored().units.get('e1')!.get('noise')!.values()];
    expect(units.find((u) => u.clip === 'c0')).toMatchObject({ speaker: 's99', group: 'z' });
    expect(units.find((u) => u.clip === 'c1')?.score?.deletions).toBe(70_000);
    expect(units.find((u) => u.clip === 'c2')?.score?.insertions).toBe(69_996);
    // The same unit rewritten with the clip's own speaker and a short reference: back to 16 bits.
    tally.add({ ...rows[3], hypothesis: 'the quick brown fox', reference: 'the quick brown fox' });
    tally.add({ ...rows[1], speaker: 's0', labels: { accent: 'g0' } });
    const again = [...tally.scored().units.get('e1')!.get('noise')!.values()];
    expect(again.find((u) => u.clip === 'c0')).toMatchObject({ speaker: 's0', group: 'g0' });
    expect(again.find((u) => u.clip === 'c1')?.score?.deletions).toBe(0);
  });
});
