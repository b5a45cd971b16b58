import { describe, expect, it } from 'vitest';
import { align } from '../../src/scoring/align.js';
import { getNormalizer, noneNormalizer } from '../../src/scoring/normalize.js';
import { scoreText } from '../../src/scoring/wer.js';

const en = getNormalizer('en-basic');
const w = (s: string) => en.words(s).join(' ');

describe('en-basic@1 normaliser', () => {
  it('is named and versioned', () => {
    expect(en.id).toBe('en-basic@1');
    expect(getNormalizer('en-basic@1').id).toBe('en-basic@1');
    expect(() => getNormalizer('en-basic@2')).toThrow(/en-basic@1/);
    expect(() => getNormalizer('en-basci')).toThrow(/did you mean "en-basic"/);
  });

  it.each([
    ['Hello, World!', 'hello world'],
    ['The 21st of May', 'the twenty first of may'],
    ['103rd street', 'one hundred third street'],
    ['1,250 patients', 'one thousand two hundred fifty patients'],
    ['3.14', 'three point one four'],
    ['50%', 'fifty percent'],
    ['$5.50', 'five dollars fifty cents'],
    ['£1', 'one pound'],
    ['in 1990', 'in nineteen ninety'],
    ['the 1990s', 'the nineteen nineties'],
    ['in 2024', 'in twenty twenty four'],
    ['in 2005', 'in two thousand five'],
    ['1905', 'nineteen oh five'],
    ['at 10:30', 'at ten thirty'],
    ['at 9:05', 'at nine oh five'],
    ['at 10:00', "at ten o'clock"],
    ['call 0800', 'call zero eight zero zero'],
    ["won't can't cannot", 'will not can not can not'],
    ["don't they're I'm we'll you've she'd", 'do not they are i am we will you have she would'],
    ["it's what's that's", 'it is what is that is'],
    ["the patient's chart", "the patient's chart"],
    ["let's go, y'all", 'let us go you all'],
    ['gonna wanna', 'going to want to'],
    ['Mr. Smith and Dr. Jones', 'mister smith and doctor jones'],
    ['well-known x-ray', 'well known x ray'],
    [
      'colour, behaviour, organise, organisation, centre',
      'color behavior organize organization center',
    ],
    ['anaemia oesophagus paediatric', 'anemia esophagus pediatric'],
    ['um, I, uh, think so, hmm', 'i think so'],
    ['café naïve', 'cafe naive'],
    ['[noise] hello <unk> there', 'hello there'],
    ['salt & pepper', 'salt and pepper'],
    ['“Quoted” ‘words’', 'quoted words'],
    ['four hours, your tour', 'four hours your tour'],
  ])('%j → %j', (input, expected) => {
    expect(w(input)).toBe(expected);
  });

  it('applies the same rules to both sides, so format differences are not errors', () => {
    const s = scoreText(
      en,
      'The 3rd dose at 10:30, colour-coded.',
      'the third dose at ten thirty color coded',
    );
    expect(s.errors).toBe(0);
  });

  it('takes a configurable filler list', () => {
    const keep = getNormalizer('en-basic', { fillers: [] });
    expect(keep.words('um yes')).toEqual(['um', 'yes']);
    const custom = getNormalizer('en-basic', { fillers: ['like'] });
    expect(custom.words('um like yes')).toEqual(['um', 'yes']);
    expect(custom.fillers).toEqual(['like']);
  });

  it('none@1 compares exact tokens', () => {
    expect(noneNormalizer.words('  Hello,  world ')).toEqual(['Hello,', 'world']);
    expect(scoreText(noneNormalizer, 'Hello world', 'hello world').substitutions).toBe(1);
  });
});

describe('alignment', () => {
  it('prefers a deletion and an insertion to two substitutions when that gives a match', () => {
    const a = align(['a', 'b'], ['b', 'c']);
    expect([a.hits, a.substitutions, a.deletions, a.insertions]).toEqual([1, 0, 1, 1]);
    expect(a.pairs.map((p) => p.op).join('')).toBe('DCI');
  });

  it('handles empty sides', () => {
    const none = align([], []);
    expect([none.refWords, none.hits, none.insertions]).toEqual([0, 0, 0]);
    expect(align([], ['x', 'y']).insertions).toBe(2);
    expect(align(['x', 'y'], []).deletions).toBe(2);
    expect(scoreText(noneNormalizer, '', 'x').wer).toBeNull();
  });
});
