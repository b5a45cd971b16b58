import numberToWords from 'number-to-words';
import { UserError } from '../errors.js';
import { didYouMean } from '../text/closest.js';
import { BRITISH_TO_AMERICAN } from './spelling.js';

/**
 * Text normalisers: applied identically to the reference and the hypothesis before
 * alignment, and named with a version in every result, because the choice of normaliser
 * alone moves WER (and audit conclusions) by points. A change in behaviour bumps the version.
 */
export interface Normalizer {
  /** Name and version, e.g. `en-basic@1`. Recorded in every result. */
  readonly id: string;
  /** What it does, in a sentence or two (printed in reports and summary.json). */
  readonly description: string;
  /** Words dropped as fillers (empty for `none`). */
  readonly fillers: readonly string[];
  /** Normalised words of `text`. */
  words(text: string): string[];
}

export interface NormalizerOptions {
  /** Replace the default filler list (lower-case words); `[]` keeps every filler. */
  readonly fillers?: readonly string[];
}

/** Fillers dropped by default: hesitations only, not back-channel words ("yeah", "okay"). */
export const DEFAULT_FILLERS: readonly string[] = [
  'uh',
  'um',
  'uhm',
  'umm',
  'er',
  'erm',
  'ah',
  'eh',
  'hmm',
  'hm',
  'mm',
  'mmm',
  'mhm',
];

export const NORMALIZER_NAMES = ['en-basic', 'none'] as const;
export type NormalizerName = (typeof NORMALIZER_NAMES)[number];

export function getNormalizer(name: string, options: NormalizerOptions = {}): Normalizer {
  const bare = name.replace(/@\d+$/, '');
  if (bare === 'none') return noneNormalizer;
  if (bare === 'en-basic') {
    if (name !== bare && name !== EN_BASIC_ID) {
      throw new UserError(`normaliser "${name}" is not available; this version has ${EN_BASIC_ID}`);
    }
    return enBasic(options.fillers ?? DEFAULT_FILLERS);
  }
  throw new UserError(
    `unknown normaliser "${name}"${didYouMean(bare, NORMALIZER_NAMES)}; choose one of ${NORMALIZER_NAMES.join(', ')}`,
  );
}

/** Exact scoring: split on whitespace, nothing else (case and punctuation count). */
export const noneNormalizer: Normalizer = {
  id: 'none@1',
  description: 'No normalisation: words are whitespace-separated tokens, compared exactly.',
  fillers: [],
  words: (text) => text.split(/\s+/).filter((w) => w.length > 0),
};

const EN_BASIC_ID = 'en-basic@1';

const EN_BASIC_DESCRIPTION =
  'English: Unicode NFKC, lower case; [..] and <..> annotations removed; numbers written as ' +
  'words (digits → words: cardinals without "and", ordinals, decimals with "point" and digit ' +
  'by digit, 1100–1999 and 2010–2099 read as years, leading-zero numbers digit by digit, ' +
  "%, $, £, € and h:mm times spelled out); contractions expanded (n't → not, 're → are, " +
  "'m → am, 'll → will, 've → have, 'd → would, pronoun's → is, can't/cannot → can " +
  "not, won't → will not, gonna → going to); mr/mrs/dr → mister/missus/doctor; & → and; " +
  'hyphens and other punctuation split words; diacritics dropped; British → American ' +
  'spelling from a fixed list; filler words dropped.';

/** Contractions that do not follow the general suffix rules, checked first. */
const IRREGULAR: Readonly<Record<string, string>> = {
  "won't": 'will not',
  "can't": 'can not',
  cannot: 'can not',
  "shan't": 'shall not',
  "ain't": 'is not',
  "let's": 'let us',
  "y'all": 'you all',
  "'cause": 'because',
  "o'clock": "o'clock",
  gonna: 'going to',
  wanna: 'want to',
  gotta: 'got to',
  gimme: 'give me',
  lemme: 'let me',
  mr: 'mister',
  mrs: 'missus',
  ms: 'miss',
  dr: 'doctor',
};

/** Words whose `'s` is "is" (not a possessive). */
const IS_CONTRACTING = new Set([
  'it',
  'that',
  'he',
  'she',
  'what',
  'there',
  'here',
  'who',
  'where',
  'how',
  'when',
  'why',
  'this',
  'everyone',
  'everything',
  'nobody',
  'somebody',
  'someone',
  'something',
  'nothing',
]);

const SUFFIXES: readonly [string, string][] = [
  ["n't", ' not'],
  ["'re", ' are'],
  ["'m", ' am'],
  ["'ll", ' will'],
  ["'ve", ' have'],
  ["'d", ' would'],
];

const CURRENCY: Readonly<Record<string, [string, string, string, string]>> = {
  $: ['dollar', 'dollars', 'cent', 'cents'],
  '£': ['pound', 'pounds', 'penny', 'pence'],
  '€': ['euro', 'euros', 'cent', 'cents'],
};

const DIGIT_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
];

function cardinal(n: number): string {
  if (!Number.isSafeInteger(n)) return digits(String(n));
  return numberToWords.toWords(n);
}

function digits(s: string): string {
  return [...s].map((c) => DIGIT_WORDS[Number(c)] ?? '').join(' ');
}

/** An integer written in digits, read as English words. */
function integerWords(raw: string, yearLike: boolean): string {
  const plain = raw.replace(/,/g, '');
  if (plain.length > 1 && plain.startsWith('0')) return digits(plain);
  if (plain.length > 15) return digits(plain);
  const n = Number(plain);
  if (yearLike && !raw.includes(',') && plain.length === 4) {
    if ((n >= 1100 && n <= 1999) || (n >= 2010 && n <= 2099)) {
      const hi = Math.floor(n / 100);
      const lo = n % 100;
      if (lo === 0) return `${cardinal(hi)} hundred`;
      return `${cardinal(hi)} ${lo < 10 ? `oh ${cardinal(lo)}` : cardinal(lo)}`;
    }
  }
  return cardinal(n);
}

const NUMBER =
  /([$£€])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%|st\b|nd\b|rd\b|th\b|s\b)?(?::([0-5]\d)\b)?/g;

function spellNumbers(text: string): string {
  return text.replace(
    NUMBER,
    (
      _m,
      cur: string | undefined,
      int: string,
      frac: string | undefined,
      suffix: string | undefined,
      minutes: string | undefined,
    ) => {
      let out: string;
      if (minutes !== undefined && frac === undefined && !cur && !suffix) {
        const h = integerWords(int, false);
        const m = Number(minutes);
        out = m === 0 ? `${h} o'clock` : `${h} ${m < 10 ? `oh ${cardinal(m)}` : cardinal(m)}`;
        return ` ${out} `;
      }
      if (suffix && /^(st|nd|rd|th)$/.test(suffix) && frac === undefined) {
        const n = Number(int.replace(/,/g, ''));
        out = Number.isSafeInteger(n) ? numberToWords.toWordsOrdinal(n) : digits(int);
        return ` ${out} `;
      }
      if (cur && CURRENCY[cur]) {
        const [one, many, subOne, subMany] = CURRENCY[cur];
        const n = Number(int.replace(/,/g, ''));
        out = `${integerWords(int, false)} ${n === 1 ? one : many}`;
        if (frac !== undefined && frac.length === 2) {
          const c = Number(frac);
          if (c > 0) out += ` ${cardinal(c)} ${c === 1 ? subOne : subMany}`;
        } else if (frac !== undefined) {
          out = `${integerWords(int, false)} point ${digits(frac)} ${many}`;
        }
      } else {
        out = integerWords(int, frac === undefined && (suffix === undefined || suffix === 's'));
        if (frac !== undefined) out += ` point ${digits(frac)}`;
        if (suffix === 's') out = pluralNumber(out);
      }
      if (suffix === '%') out += ' percent';
      return ` ${out} `;
    },
  );
}

/** "nineteen ninety" → "nineteen nineties"; "seven" → "sevens". */
function pluralNumber(words: string): string {
  return words.replace(/(\w+)$/, (w) => (w.endsWith('y') ? `${w.slice(0, -1)}ies` : `${w}s`));
}

function expandContraction(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return irregular;
  if (word.endsWith("'s")) {
    const stem = word.slice(0, -2);
    if (IS_CONTRACTING.has(stem)) return `${stem} is`;
    return word;
  }
  for (const [suffix, expansion] of SUFFIXES) {
    if (word.endsWith(suffix) && word.length > suffix.length) {
      return word.slice(0, -suffix.length) + expansion;
    }
  }
  return word;
}

function enBasic(fillerList: readonly string[]): Normalizer {
  const fillers = new Set(fillerList.map((f) => f.toLowerCase()));
  return {
    id: EN_BASIC_ID,
    description: EN_BASIC_DESCRIPTION,
    fillers: [...fillers],
    words(text) {
      let t = text.normalize('NFKC').toLowerCase();
      t = t.replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'");
      t = t.replace(/\[[^\]]*\]|<[^>]*>/g, ' ');
      t = t.replace(/&/g, ' and ');
      t = spellNumbers(t);
      // Drop diacritics: NFKD splits "é" into "e" + a combining mark.
      t = t.normalize('NFKD').replace(/\p{M}/gu, '');
      // Anything that is not a letter, digit or apostrophe separates words (hyphens too).
      const tokens = t.split(/[^\p{L}\p{N}']+/u);
      const out: string[] = [];
      for (const token of tokens) {
        if (!token) continue;
        // Leading/trailing quote marks are quotation, not apostrophes ('cause is kept).
        const trimmed = token === "'cause" ? token : token.replace(/^'+|'+$/g, '');
        if (!trimmed) continue;
        for (const w of expandContraction(trimmed).split(' ')) {
          if (!w || fillers.has(w)) continue;
          out.push(BRITISH_TO_AMERICAN.get(w) ?? w);
        }
      }
      return out;
    },
  };
}
