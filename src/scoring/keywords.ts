import { readFile } from 'node:fs/promises';
import { fsUserError, LocatedError } from '../errors.js';
import type { AlignedPair } from './align.js';
import type { Normalizer } from './normalize.js';

/**
 * Keyword (entity) errors from an alignment: the terms whose loss costs more than a missed
 * "the" — drug names, doses, body parts, numbers. A term may span several words; it is found
 * in the normalised reference (longest term first, left to right, without overlap) and counts
 * as an error when any of its words is substituted or deleted, or a word is inserted inside
 * it ("five hundred milligrams" → "five hundred and milligrams" is no longer the dose).
 */
export interface KeywordList {
  /** Where the list came from, for summary.json (a file, or `inline`). */
  readonly source: string;
  /** Terms as written. */
  readonly terms: readonly string[];
}

export interface KeywordCounts {
  /** Keyword occurrences in the reference. */
  refKeywords: number;
  /** Of those, missed or replaced. */
  keywordErrors: number;
}

/** Reads a keyword file: one term per line, `#` starts a comment line; blank lines skipped. */
export async function loadKeywordList(file: string): Promise<KeywordList> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw fsUserError(e, file, 'keyword list');
  }
  const terms: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    if (line.length > 200)
      throw new LocatedError(
        file,
        i + 1,
        1,
        'a keyword term is one line of at most 200 characters',
      );
    terms.push(line);
  });
  if (terms.length === 0)
    throw new LocatedError(file, 1, 1, 'the keyword list has no terms (one term per line)');
  return { source: file, terms };
}

/** Terms normalised to words, indexed by first word, longest first. */
export class KeywordMatcher {
  private readonly byFirst = new Map<string, string[][]>();
  /** Terms that normalise to no words (only fillers or punctuation): never matched. */
  readonly empty: readonly string[];

  constructor(list: KeywordList, normalizer: Normalizer) {
    const empty: string[] = [];
    const seen = new Set<string>();
    for (const term of list.terms) {
      const words = normalizer.words(term);
      if (words.length === 0) {
        empty.push(term);
        continue;
      }
      const key = words.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const list = this.byFirst.get(words[0]) ?? [];
      list.push(words);
      this.byFirst.set(words[0], list);
    }
    for (const l of this.byFirst.values()) l.sort((a, b) => b.length - a.length);
    this.empty = empty;
  }

  /** [start, end) word spans of keyword occurrences in `ref`, left to right, no overlap. */
  find(ref: readonly string[]): [number, number][] {
    const spans: [number, number][] = [];
    for (let i = 0; i < ref.length; ) {
      const match = this.byFirst
        .get(ref[i])
        ?.find((t) => t.every((w, k) => ref[i + k] === w) && i + t.length <= ref.length);
      if (match) {
        spans.push([i, i + match.length]);
        i += match.length;
      } else i++;
    }
    return spans;
  }
}

/** Keyword occurrences in the alignment's reference and how many were missed or replaced. */
export function keywordCounts(
  pairs: readonly AlignedPair[],
  matcher: KeywordMatcher,
): KeywordCounts {
  const ref: string[] = [];
  /** For each reference word: its op, and whether an insertion comes right before it. */
  const ok: boolean[] = [];
  const insertedBefore: boolean[] = [];
  let pendingInsert = false;
  for (const p of pairs) {
    if (p.op === 'I') {
      pendingInsert = true;
      continue;
    }
    ref.push(p.ref!);
    ok.push(p.op === 'C');
    insertedBefore.push(pendingInsert);
    pendingInsert = false;
  }
  const spans = matcher.find(ref);
  let errors = 0;
  for (const [a, b] of spans) {
    let bad = false;
    for (let i = a; i < b; i++) if (!ok[i] || (i > a && insertedBefore[i])) bad = true;
    if (bad) errors++;
  }
  return { refKeywords: spans.length, keywordErrors: errors };
}

/**
 * The keyword list of a run: the suite's when it names one, else every scenario's list
 * together (terms in file order, each once); undefined when nobody names a list.
 */
export async function runKeywordList(
  suiteList: string | undefined,
  scenarioLists: readonly (string | undefined)[],
): Promise<KeywordList | undefined> {
  if (suiteList) return loadKeywordList(suiteList);
  const files = [...new Set(scenarioLists.filter((f): f is string => f !== undefined))];
  if (files.length === 0) return undefined;
  const lists = await Promise.all(files.map(loadKeywordList));
  return {
    source: files.join(', '),
    terms: [...new Set(lists.flatMap((l) => l.terms))],
  };
}
