import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { align } from '../../src/scoring/align.js';
import { hallucinations } from '../../src/scoring/hallucination.js';
import { KeywordMatcher, keywordCounts } from '../../src/scoring/keywords.js';
import { getNormalizer } from '../../src/scoring/normalize.js';
import type { StatsRow } from '../../src/stats/aggregate.js';
import { computeSummary } from '../../src/stats/compute.js';
import type { Summary } from '../../src/stats/summary-schema.js';

/**
 * Planted cases in simulated results with realistic speaker variation: four accent groups of
 * ten speakers, six utterances each, clean and one perturbed condition. Every speaker has its
 * own substitution, deletion and insertion propensities (logit-normal), so the nulls are those
 * of real data, not of identical speakers; the planted group differs in one way only.
 */
const WORDS = 'take the chart to the ward and call the nurse before morning rounds'.split(' ');
const KEYWORDS = { source: 'test', terms: ['fever', 'blood pressure', 'two tablets'] };
const expit = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

interface Plant {
  /** Extra insertion probability per word under the perturbed condition. */
  insertions?: { group: string; extra: number };
  /** Probability the keyword is replaced under the perturbed condition. */
  keyword?: { group: string; miss: number };
}

function simulate(seed: string, plant: Plant): StatsRow[] {
  const rng = createRng('anatomy-sim', seed);
  const rows: StatsRow[] = [];
  for (const group of ['a', 'b', 'c', 'd']) {
    for (let s = 0; s < 10; s++) {
      const speaker = `${group}-${s}`;
      const effect = () => 0.5 * rng.gaussian();
      const base = {
        sub: logit(0.08) + effect(),
        del: logit(0.03) + effect(),
        ins: logit(0.02) + effect(),
      };
      for (let u = 0; u < 6; u++) {
        const keyword = KEYWORDS.terms[(s + u) % KEYWORDS.terms.length];
        const filler = Array.from({ length: 14 }, () => WORDS[rng.int(WORDS.length)]);
        const at = rng.int(filler.length + 1);
        const ref = [...filler.slice(0, at), keyword, ...filler.slice(at)].join(' ');
        for (const condition of ['clean', 'noisy']) {
          const noisy = condition === 'noisy';
          const lift = noisy ? 0.8 : 0;
          const p = {
            sub: expit(base.sub + lift),
            del: expit(base.del + lift),
            ins:
              expit(base.ins + lift) +
              (noisy && plant.insertions?.group === group ? plant.insertions.extra : 0),
          };
          const missKeyword =
            noisy && plant.keyword?.group === group && rng.next() < plant.keyword.miss;
          const hyp: string[] = [];
          for (const word of ref.split(' ')) {
            if (missKeyword && keyword.split(' ').includes(word)) hyp.push('zzz');
            else {
              const r = rng.next();
              if (r < p.sub) hyp.push('qqq');
              else if (r >= p.sub + p.del) hyp.push(word);
            }
            if (rng.next() < p.ins) hyp.push('xxx');
          }
          rows.push({
            id: `${speaker}-${u}`,
            speaker,
            labels: { accent: group },
            condition,
            engine: 'sim',
            reference: ref,
            hypothesis: hyp.join(' '),
          });
        }
      }
    }
  }
  return rows;
}

const summarise = (rows: StatsRow[]) =>
  computeSummary(rows, {
    normalizer: getNormalizer('none'),
    keywords: KEYWORDS,
    permutations: 2000,
  });

const anatomyOf = (s: Summary, metric: string, group: string) =>
  s.anatomy.cells
    .find((c) => c.condition === 'noisy' && c.metric === metric)!
    .groups.find((g) => g.group === group)!;
const werOf = (s: Summary, group: string) =>
  s.cells.find((c) => c.condition === 'noisy')!.groups.find((g) => g.group === group)!;

describe('error anatomy on planted cases', () => {
  it('a group with extra insertions only is flagged on the insertion rate, not on substitutions or deletions', () => {
    const s = summarise(simulate('insertions', { insertions: { group: 'b', extra: 0.15 } }));
    const ins = anatomyOf(s, 'insertions', 'b');
    expect(ins.verdict).toBe('disproportionate');
    // Recomputed from the counts the summary carries: B's insertion rate rose, the rest's did not.
    const restIns = ['a', 'c', 'd'].map((g) => anatomyOf(s, 'insertions', g));
    const rise = (g: typeof ins) => (g.errors.condition - g.errors.baseline!) / g.units;
    expect(rise(ins) - Math.max(...restIns.map(rise))).toBeGreaterThan(0.08);
    for (const metric of ['substitutions', 'deletions'])
      expect(anatomyOf(s, metric, 'b').verdict, metric).not.toBe('disproportionate');
    expect(s.anatomy.flagged.map((f) => `${f.metric}/${f.group}`)).toEqual(['insertions/b']);
  });

  it('a keyword missed only in one group is flagged on the keyword rate while its WER gap stays small', () => {
    const s = summarise(simulate('keywords', { keyword: { group: 'c', miss: 0.4 } }));
    const kw = anatomyOf(s, 'keywords', 'c');
    expect(kw.units).toBeGreaterThanOrEqual(60);
    expect(kw.verdict).toBe('disproportionate');
    const wer = werOf(s, 'c');
    expect(wer.excess!.value!).toBeLessThan(0.05); // below the 5-point threshold
    expect(wer.verdict).not.toBe('disproportionate');
    expect(s.flagged).toEqual([]);
  });

  it('with nothing planted, no rate of any group is flagged', () => {
    const s = summarise(simulate('null', {}));
    expect(s.anatomy.flagged).toEqual([]);
    expect(s.anatomy.metrics.map((m) => m.id)).toEqual([
      'substitutions',
      'deletions',
      'insertions',
      'keywords',
    ]);
  });
});

describe('hallucinations', () => {
  const words = (t: string) => (t ? t.split(' ') : []);
  const of = (ref: string, hyp: string) => hallucinations(align(words(ref), words(hyp)).pairs);

  it('a repetition loop is detected; a legitimate "no no" is not', () => {
    const loop = of(
      'take two tablets after breakfast',
      'take two tablets take two tablets take two tablets take two tablets after breakfast',
    );
    expect(loop.loop).toEqual({ ngram: 'take two tablets', copies: 4 });
    expect(loop.loopInsertions).toBe(9);
    expect(of('no no i said', 'no no i said')).toEqual({
      loopInsertions: 0,
      noSpeechInsertions: 0,
    });
    // One extra copy is an ordinary insertion, not a loop.
    expect(of('no i said', 'no no i said').loopInsertions).toBe(0);
    expect(of('', 'thank you for watching').noSpeechInsertions).toBe(4);
  });

  it('a loop under a condition reaches the summary with its example, counted for its group', () => {
    const rows = simulate('loops', {});
    const row = rows.findIndex((r) => r.condition === 'noisy' && r.labels.accent === 'd');
    rows[row] = {
      ...rows[row],
      hypothesis: `${rows[row].reference} the nurse the nurse the nurse`,
    };
    const s = summarise(rows);
    const d = s.anatomy.hallucinations.find((h) => h.condition === 'noisy' && h.group === 'd')!;
    expect(d.loopInsertions).toBeGreaterThanOrEqual(4);
    expect(d.examples[0]).toMatchObject({ clip: rows[row].id, kind: 'loop' });
  });
});

describe('keyword errors from the alignment', () => {
  const matcher = new KeywordMatcher(
    { source: 't', terms: ['blood pressure', 'five hundred milligrams', 'fever'] },
    getNormalizer('en-basic'),
  );
  const count = (ref: string, hyp: string) =>
    keywordCounts(align(ref.split(' '), hyp.split(' ')).pairs, matcher);

  it('a multi-word term counts once, and is an error when any word is wrong, missing or split by an insertion', () => {
    expect(count('check blood pressure now', 'check blood pressure now')).toEqual({
      refKeywords: 1,
      keywordErrors: 0,
    });
    expect(count('check blood pressure now', 'check blood now')).toEqual({
      refKeywords: 1,
      keywordErrors: 1,
    });
    expect(count('give five hundred milligrams', 'give five hundred and milligrams')).toEqual({
      refKeywords: 1,
      keywordErrors: 1,
    });
    expect(count('fever and blood pressure', 'fever and blood pressure')).toEqual({
      refKeywords: 2,
      keywordErrors: 0,
    });
    expect(count('a fever', 'the fever')).toEqual({ refKeywords: 1, keywordErrors: 0 });
  });
});
